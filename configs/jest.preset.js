// Shared jest settings: swc compiles TypeScript to CommonJS; effect 4 ships ESM only, so it is compiled too.
const path = require('node:path');
const swcTs = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': swcTs,
    '[\\\\/]node_modules[\\\\/](effect|yaml)[\\\\/].+\\.js$': path.join(__dirname, 'jest-esm-dep-transform.js'),
  },
  transformIgnorePatterns: ['[\\\\/]node_modules[\\\\/](?!effect[\\\\/])'],
  testTimeout: 120000,
};
