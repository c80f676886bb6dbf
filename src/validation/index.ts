// Public API of the validation concern: one 'export *' line per construct file.
export {};
