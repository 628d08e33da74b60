// The module hook of scripts/first-fit-loads.js: posts the URL of every file under dist/ that
// Node loads (it runs on the loader's thread, hence the port).
let port;
let dist;

export function initialize(data) {
  port = data.port;
  dist = data.dist;
}

export async function load(url, context, nextLoad) {
  if (url.startsWith(dist)) port.postMessage(url);
  return nextLoad(url, context);
}
