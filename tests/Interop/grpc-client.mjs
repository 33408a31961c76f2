// A gRPC client in another language than the suite: Node's @grpc/grpc-js with @grpc/proto-loader reading
// our .proto files as they are (nothing generated, nothing vendored). It makes one unary call and prints
// the response as JSON on stdout, with protobuf's JSON conventions: field names in lowerCamelCase, enums as
// names, int64 as strings, and our Decimal as {"value": "<exact string>"}.
//
//   node grpc-client.mjs <address> <token> <package.Service/Method> '<request as JSON>'
//   node grpc-client.mjs localhost:8081 "$(scripts/mint-token.sh --municipality 0380 --committee SCN --role committee_writer)" \
//     namnd.economy.v1.EconomyService/ListActivityFigures \
//     '{"municipalityCode":"0380","committeeCode":"SCN","period":{"year":2024,"point":"PERIOD_POINT_FULL_YEAR"}}'
//
// The google/api/*.proto imports come from the Google.Api.CommonProtos NuGet package that the build restores
// (override with GOOGLE_API_PROTOS=<dir containing google/api>); the protos directory defaults to ../../protos
// (override with NAMND_PROTOS). On an error it prints {"error": {code, name, details}} and exits with 1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const here = path.dirname(fileURLToPath(import.meta.url));

function fail(message) {
  process.stderr.write(`grpc-client: ${message}\n`);
  process.exit(2);
}

function googleApiProtos() {
  if (process.env.GOOGLE_API_PROTOS) {
    return process.env.GOOGLE_API_PROTOS;
  }
  const packages = process.env.NUGET_PACKAGES || path.join(os.homedir(), '.nuget', 'packages');
  const root = path.join(packages, 'google.api.commonprotos');
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [];
  if (versions.length === 0) {
    fail(`google/api protos not found under ${root}: build the solution first (dotnet build restores them) or set GOOGLE_API_PROTOS`);
  }
  return path.join(root, versions[versions.length - 1], 'content', 'protos');
}

function protoFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(entry => entry.isFile() && entry.name.endsWith('.proto'))
    .map(entry => path.relative(protosRoot, path.join(entry.parentPath ?? entry.path, entry.name)));
}

const [address, token, method, requestJson = '{}'] = process.argv.slice(2);
if (!address || !token || !method || !method.includes('/')) {
  fail('usage: node grpc-client.mjs <host:port> <token> <package.Service/Method> [request JSON]');
}

const protosRoot = process.env.NAMND_PROTOS || path.resolve(here, '..', '..', 'protos');
const definition = protoLoader.loadSync(protoFiles(path.join(protosRoot, 'namnd')), {
  includeDirs: [protosRoot, googleApiProtos()],
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const loaded = grpc.loadPackageDefinition(definition);

const [serviceName, methodName] = method.replace(/^\//, '').split('/');
const Service = serviceName.split('.').reduce((scope, part) => scope?.[part], loaded);
if (typeof Service !== 'function' || !Service.service?.[methodName]) {
  fail(`no method ${methodName} in service ${serviceName}`);
}

const client = new Service(address.replace(/^https?:\/\//, ''), grpc.credentials.createInsecure());
const metadata = new grpc.Metadata();
metadata.set('authorization', `Bearer ${token}`);

client[methodName](JSON.parse(requestJson), metadata, { deadline: Date.now() + 30_000 }, (error, response) => {
  client.close();
  if (error) {
    process.stdout.write(JSON.stringify({ error: { code: error.code, name: grpc.status[error.code], details: error.details } }) + '\n');
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(response) + '\n');
});
