// Public API of the storage concern: one 'export *' line per construct file.
export * from './volume-claim';
export * from './dynamic-storage-class';
export * from './static-pv-with-claim';
export * from './nfs-volume';
export * from './host-path-volume';
