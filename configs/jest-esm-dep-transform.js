// swc rewrites import.meta.url but not `import.meta?.env` (effect's ConfigProvider), which jest rejects in CJS.
const { createTransformer } = require('@swc/jest');
const inner = createTransformer({ jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } });
const META = '({ url: require("url").pathToFileURL(__filename).href, filename: __filename, dirname: __dirname })';
const fix = (src) => src.replace(/\bimport\.meta\b/g, META);
module.exports = {
  process: (src, filename, options) => inner.process(fix(src), filename, options),
  getCacheKey: (src, filename, options) => 'esm-dep-v1:' + inner.getCacheKey(fix(src), filename, options),
};
