/** json-pretty: the json array, indented for reading. */
import type { CreateEncoder } from './flow-encoder';
import { jsonArrayEncoder } from './json-array';

export const createEncoder: CreateEncoder = (o) => jsonArrayEncoder(o, true);
