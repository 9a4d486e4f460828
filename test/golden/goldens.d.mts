export declare const GOLDENS: Record<string, string>;
