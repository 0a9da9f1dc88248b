/**
 * @flowgen/exporters — encoders and sinks. Flow formats are contributions (kind "exporter") declared in this
 * package's package.json, each a module exporting `createEncoder`; workers load them by path.
 */
export { writeU32, write9, writeUint, writeNs, writeIp, writeBytes } from './byte-writer';
export { JsonTimeWriter, jsonTimeText, MAX_TIME_BYTES, TIME_FORMATS, type TimeFormat } from './json-time';
export { EMPTY, MAX_PATTERN_NAME, type FlowEncoder, type CreateEncoder, type EncoderOptions } from './flow/flow-encoder';
export { MSGPACK_FORMAT, MSGPACK_VERSION } from './flow/msgpack';
export { fileSink, stdoutSink, openOutput, checkStdout, stdoutClosed, writeProblem, compressionOfName, BrokenPipe, type OutputSink, type ChunkTiming } from './output-sink';
export { udpSink, parseUdpUrl, type UdpSink, type UdpTarget, type UdpPacing } from './udp-sink';
export { openFlowFile, openFlowRange, splitFlowFile, isStream, type ByteRange } from './read/open-flow-file';
export { displayName, hasZstd, isStdin } from './read/byte-source';
export { ReadError, type FlowReader, type FlowFileFormat } from './read/flow-reader';
export { SESSION_FORMATS, type SessionFormat, type SessionEncoder, type SessionEncoderOptions, type CreateSessionEncoder } from './session/session-encoder';
export { createSessionEncoder as createSessionJsonlEncoder } from './session/jsonl';
export { createSessionEncoder as createSessionCsvEncoder } from './session/csv';
export { createSessionEncoder as createSessionMsgpackEncoder, SESSIONS_MSGPACK_FORMAT, SESSIONS_MSGPACK_VERSION } from './session/msgpack';
export { createColumnsEncoder, decodeColumns } from './session/columns';
export { SessionParquetWriter, PARQUET_ROW_GROUP } from './session/parquet-writer';
export { readSessionCalls, SessionReadError, type SessionCall, type SessionFileFormat } from './session/read-sessions';
export { OutBuffer, EVENT_FORMATS, type EventEncoder, type EventFormat, type EventValue } from './event/event-encoder';
export { createEventJsonlEncoder } from './event/event-jsonl';
export { createEventCsvEncoder } from './event/event-csv';
export { createEventMsgpackEncoder, EVENTS_MSGPACK_FORMAT } from './event/event-msgpack';
