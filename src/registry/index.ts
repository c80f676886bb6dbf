// Public API of the registry concern: one 'export *' line per construct file.
export {};
