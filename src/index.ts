export * from './pods';
export * from './storage';
export * from './config';
export * from './registry';
export * from './validation';
