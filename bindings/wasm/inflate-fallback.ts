// The zlib inflater of fflate (npm), behind a dynamic import in load.ts: bundled as a chunk that
// only hosts without DecompressionStream download.
export { unzlibSync } from "fflate";
