// Public API of the storage concern: one 'export *' line per construct file.
export * from './storage-class';
export * from './volume-claim';
export * from './dynamic-storage-class';
export * from './persistent-volume-backend';
export * from './static-pv-with-claim';
export * from './nfs-volume';
export * from './host-path-volume';
