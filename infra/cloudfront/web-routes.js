// CloudFront viewer-request function (cloudfront-js-2.0) on the web pages' behaviour. It maps page paths
// to their files exactly as pageFor in shared/web-security.ts does for the local server; a unit test runs
// both over the same paths.
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the function named handler.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/') request.uri = '/index.html';
  else if (/^\/status(\/[^/]+)?\/?$/.test(uri)) request.uri = '/status.html';
  else if (uri === '/console' || uri === '/console/') request.uri = '/console.html';
  else if (uri === '/checkpoint' || uri === '/checkpoint/') request.uri = '/checkpoint.html';
  return request;
}
