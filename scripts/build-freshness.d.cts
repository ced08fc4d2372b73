export function newestMtime(path: string): number;
export function clientIsStale(root: string): boolean;
export function ensureClientBuilt(root: string, log?: (message: string) => void): boolean;
export function serverIsStale(root: string): boolean;
export function ensureServerBuilt(root: string, log?: (message: string) => void): void;
