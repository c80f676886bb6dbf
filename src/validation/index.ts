// Public API of the validation concern: one 'export *' line per construct file.
export * from './finding';
export * from './manifest-validator';
export * from './validation';
