module.exports = { ...require('../../configs/jest.preset.js'), displayName: 'distributions' };
