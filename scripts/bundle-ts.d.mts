/** Bundles `source` (an absolute path) into `outfile`, creating its folder. */
export declare function bundleTypeScript(source: string, outfile: string): Promise<void>;
