export * from './container-defaults';
export * from './shared-dir';
export * from './sidecar-pattern';
export * from './sidecar-pod';
export * from './gate';
export * from './init-gate-pattern';
export * from './init-gated-pod';
export * from './pattern-pod-options';
