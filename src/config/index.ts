// Public API of the config concern: one 'export *' line per construct file.
export * from './config-map-mount';
