// Public API of the storage concern: one 'export *' line per construct file.
export {};
