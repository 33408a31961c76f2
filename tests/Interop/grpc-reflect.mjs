// A gRPC client that knows nothing of our contracts: like grpcurl, it asks the gateway's reflection service
// (grpc.reflection.v1) what it serves, fetches the descriptors, builds the message types from them with
// protobufjs and calls a method — no .proto file of ours is read.
//
//   node grpc-reflect.mjs <address> <token> list
//       → {"services": ["grpc.health.v1.Health", "namnd.economy.v1.EconomyService", ...]}
//   node grpc-reflect.mjs <address> <token> call <package.Service/Method> '<request as JSON>'
//       → the response as JSON (int64 and enums as strings, our Decimal as {"value": "..."})
//
// On an error it prints {"error": {code, name, details}} and exits with 1.
import grpc from '@grpc/grpc-js';
// protobufjs (pinned in package.json, the version @grpc/proto-loader uses): its descriptor extension turns
// FileDescriptorProtos into types.
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';

// The reflection protocol itself is the one thing a reflection client must know beforehand.
const reflectionProto = protobuf.parse(`
syntax = "proto3";
package grpc.reflection.v1;
message ServerReflectionRequest {
  string host = 1;
  oneof message_request {
    string file_by_filename = 3;
    string file_containing_symbol = 4;
    string list_services = 7;
  }
}
message ServerReflectionResponse {
  string valid_host = 1;
  ServerReflectionRequest original_request = 2;
  oneof message_response {
    FileDescriptorResponse file_descriptor_response = 4;
    ListServiceResponse list_services_response = 6;
    ErrorResponse error_response = 7;
  }
}
message FileDescriptorResponse { repeated bytes file_descriptor_proto = 1; }
message ListServiceResponse { repeated ServiceResponse service = 1; }
message ServiceResponse { string name = 1; }
message ErrorResponse { int32 error_code = 1; string error_message = 2; }
`).root;
const Request = reflectionProto.lookupType('grpc.reflection.v1.ServerReflectionRequest');
const Response = reflectionProto.lookupType('grpc.reflection.v1.ServerReflectionResponse');

const ReflectionClient = grpc.makeGenericClientConstructor({
  ServerReflectionInfo: {
    path: '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
    requestStream: true,
    responseStream: true,
    requestSerialize: message => Buffer.from(Request.encode(Request.fromObject(message)).finish()),
    responseDeserialize: bytes => Response.toObject(Response.decode(bytes), { oneofs: true }),
  },
}, 'ServerReflection');

function printError(error) {
  process.stdout.write(JSON.stringify({ error: { code: error.code, name: grpc.status[error.code], details: error.details ?? error.message } }) + '\n');
  process.exit(1);
}

const [address, token, command, method, requestJson = '{}'] = process.argv.slice(2);
if (!address || !token || !['list', 'call'].includes(command) || (command === 'call' && !method?.includes('/'))) {
  process.stderr.write('usage: node grpc-reflect.mjs <host:port> <token> list | call <package.Service/Method> [request JSON]\n');
  process.exit(2);
}
const target = address.replace(/^https?:\/\//, '');
const metadata = new grpc.Metadata();
metadata.set('authorization', `Bearer ${token}`);

/** One reflection stream: sends the requests one at a time, each answered in order. */
async function reflect(requests) {
  const client = new ReflectionClient(target, grpc.credentials.createInsecure());
  const call = client.ServerReflectionInfo(metadata, { deadline: Date.now() + 30_000 });
  const answers = [];
  const done = new Promise((resolve, reject) => {
    call.on('data', answer => answers.push(answer));
    call.on('error', reject);
    call.on('end', resolve);
  });
  for (const request of requests) {
    call.write(request);
  }
  call.end();
  await done;
  client.close();
  return answers;
}

/** Every file the symbol's file depends on, fetched as grpcurl does: by name, until nothing is missing. */
async function filesFor(symbol) {
  const files = new Map();
  let asks = [{ fileContainingSymbol: symbol }];
  while (asks.length > 0) {
    const answers = await reflect(asks);
    asks = [];
    for (const answer of answers) {
      if (answer.errorResponse) {
        throw Object.assign(new Error(answer.errorResponse.errorMessage), { code: answer.errorResponse.errorCode });
      }
      for (const bytes of answer.fileDescriptorResponse.fileDescriptorProto) {
        const file = descriptor.FileDescriptorProto.decode(bytes);
        if (!files.has(file.name)) {
          files.set(file.name, file);
        }
      }
    }
    const missing = new Set([...files.values()].flatMap(f => f.dependency ?? []).filter(d => !files.has(d)));
    asks = [...missing].map(name => ({ fileByFilename: name }));
  }
  return [...files.values()];
}

// Types built from descriptors keep the .proto field names (municipality_code); protobuf's JSON form, which
// this tool reads and prints like grpc-client.mjs, uses lowerCamelCase (municipalityCode).
const camel = name => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function fromJson(type, json) {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return json;
  }
  const message = {};
  for (const field of type.fieldsArray) {
    const value = json[camel(field.name)] ?? json[field.name];
    if (value === undefined) {
      continue;
    }
    field.resolve();
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : null;
    message[field.name] = nested
      ? (field.repeated ? value.map(v => fromJson(nested, v)) : fromJson(nested, value))
      : value;
  }
  return message;
}

function toJson(value) {
  if (Array.isArray(value)) {
    return value.map(toJson);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [camel(key), toJson(v)]));
}

try {
  if (command === 'list') {
    const [answer] = await reflect([{ listServices: '' }]);
    const services = answer.listServicesResponse.service.map(s => s.name).sort();
    process.stdout.write(JSON.stringify({ services }) + '\n');
  } else {
    const [serviceName, methodName] = method.replace(/^\//, '').split('/');
    const root = protobuf.Root.fromDescriptor(descriptor.FileDescriptorSet.create({ file: await filesFor(serviceName) }));
    const rpc = root.lookupService(serviceName).methods[methodName];
    if (!rpc) {
      throw Object.assign(new Error(`no method ${methodName} in ${serviceName}`), { code: grpc.status.UNIMPLEMENTED });
    }
    rpc.resolve();
    const input = rpc.resolvedRequestType;
    const output = rpc.resolvedResponseType;
    const client = new grpc.Client(target, grpc.credentials.createInsecure());
    const request = input.fromObject(fromJson(input, JSON.parse(requestJson)));
    client.makeUnaryRequest(`/${serviceName}/${methodName}`,
      message => Buffer.from(input.encode(message).finish()),
      bytes => output.decode(bytes),
      request, metadata, { deadline: Date.now() + 30_000 },
      (error, response) => {
        client.close();
        if (error) {
          printError(error);
        }
        process.stdout.write(JSON.stringify(toJson(output.toObject(response, { longs: String, enums: String, defaults: true }))) + '\n');
      });
  }
} catch (error) {
  printError(error);
}
