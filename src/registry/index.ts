// Public API of the registry concern: one 'export *' line per construct file.
export * from './docker-pull-secret';
export * from './image-reference';
export * from './image-rules';
export * from './service-rules';
