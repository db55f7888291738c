export * from './result';
export * from './flow';
export * from './calls';
export * from './api';
export * from './technician';
