// testTimeout is a global option: the projects' preset value does not apply when jest runs from the root.
module.exports = { projects: ['<rootDir>/packages/*', '<rootDir>/apps/*', '<rootDir>/tools/*'], testTimeout: 120000 };
