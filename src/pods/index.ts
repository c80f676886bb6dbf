export * from './container-defaults';
