'use strict';
// flowgen loads this plugin's kernels by the module paths in package.json ("flowgen" block); this entry
// point only exists so `require('flowgen-plugin-quic')` works for people who want the pieces directly.
module.exports = { ...require('./quic-pattern'), ...require('./weibull') };
