// The official MCP TypeScript SDK as an agent would use it: it validates every answer against the
// MCP schema (a null where the schema wants an optional key absent is rejected), so a wire-format
// slip fails here even where the Java SDK lets it pass. Started by McpNodeClientTest with
// MCP_URL, MCP_API_KEY and MCP_REQUEST_ID; exits non-zero on the first failed check.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const { MCP_URL, MCP_API_KEY, MCP_REQUEST_ID } = process.env;
let checks = 0;

function check(name, fn) {
  return Promise.resolve(fn()).then(() => {
    checks++;
    console.log(`ok ${name}`);
  });
}

const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), {
  requestInit: { headers: { 'X-API-Key': MCP_API_KEY, 'X-Request-Id': MCP_REQUEST_ID } },
});
const client = new Client({ name: 'vmnet-node-test', version: '1.0.0' });

/** A tool call's result after the SDK validated it: its structured content, and its text equal to it. */
async function call(name, args, isError = false) {
  const result = await client.callTool({ name, arguments: args });
  assert.equal(result.isError, isError, JSON.stringify(result));
  assert.equal(result.content.length, 1);
  assert.equal(result.content[0].type, 'text');
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);
  return result.structuredContent;
}

/** The REST API's 422 problem for the request this client sends. */
function unprocessable(code, field, message, detail) {
  return {
    title: 'Unprocessable Content', status: 422, detail, code,
    errors: [{ field, message }], request_id: MCP_REQUEST_ID,
  };
}

try {
  await check('initialize', () => client.connect(transport));

  await check('tools/list', async () => {
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    assert.deepEqual(Object.keys(byName).sort(),
      ['decommission_vm', 'get_drift', 'get_vm_status', 'list_vms', 'provision_vm', 'set_port_state']);
    assert.deepEqual(byName.provision_vm.inputSchema.required, ['vm_name', 'mac_address']);
    assert.equal(byName.list_vms.inputSchema.properties.limit.type, 'integer');
    assert.equal(byName.decommission_vm.annotations.destructiveHint, true);
  });

  let base;
  await check('provision_vm', async () => {
    const vm = await call('provision_vm', {
      vm_name: 'node-01', mac_address: '00:11:22:33:44:DD',
      ip_range_base: '192.168.64.', ip_range_start: 160, ip_range_end: 160,
      port_range_start: 35100, port_range_end: 35102,
    });
    base = vm.nat_rule_base;
    assert.equal(typeof base, 'number');
    assert.deepEqual(vm, {
      status: 'success', machine_id: 'node-01', mac_address: '00:11:22:33:44:dd', internal_ip: '192.168.64.160',
      external_ports: { ssh: 35100, http: 35101, https: 35102 }, nat_rule_base: base,
    });
  });

  await check('get_vm_status', async () => {
    const status = await call('get_vm_status', { vm_name: 'node-01' });
    assert.equal(status.internal_ip, '192.168.64.160');
    assert.deepEqual(status.ports.ssh, { status: 'enabled', external_port: 35100, nat_rule_number: base });
  });

  await check('set_port_state pause', async () => {
    const paused = await call('set_port_state', { vm_name: 'node-01', action: 'pause', ports: ['ssh'] });
    assert.deepEqual(paused.ports, { ssh: { status: 'paused', external_port: 35100, nat_rule_number: base } });
  });

  await check('set_port_state delete keeps the REST body\'s nulls', async () => {
    const deleted = await call('set_port_state', { vm_name: 'node-01', action: 'delete', ports: ['https'] });
    assert.deepEqual(deleted.ports, { https: { status: 'not_active', external_port: null, nat_rule_number: null } });
  });

  await check('list_vms', async () => {
    const listed = await call('list_vms', {});
    assert.deepEqual(listed.vms.map((v) => v.machine_id), ['node-01']);
    assert.equal(listed.next_cursor, null);
  });

  await check('decommission_vm', async () => {
    assert.deepEqual(await call('decommission_vm', { vm_name: 'node-01' }),
      { status: 'success', message: 'VM node-01 and all NAT rules removed' });
  });

  await check('a wrongly typed argument is the REST problem', async () => {
    assert.deepEqual(await call('list_vms', { limit: 'ten' }, true),
      unprocessable('INVALID_FIELD_TYPE', 'limit', 'must be an integer', "Field 'limit' must be an integer"));
  });

  await check('a missing argument is the REST problem', async () => {
    assert.deepEqual(await call('get_vm_status', {}, true),
      unprocessable('VALIDATION_FAILED', 'vm_name', 'is required', 'vm_name: is required'));
  });

  await check('an unknown action is the REST problem', async () => {
    assert.deepEqual(await call('set_port_state', { vm_name: 'node-01', action: 'explode' }, true), {
      title: 'Unprocessable Content', status: 422, detail: 'action: must be one of create, enable, disable, pause, delete',
      code: 'VALIDATION_FAILED', request_id: MCP_REQUEST_ID,
    });
  });

  await check('a failed operation is the REST problem', async () => {
    assert.deepEqual(await call('get_vm_status', { vm_name: 'node-01' }, true), {
      title: 'Not Found', status: 404, detail: "VM with machine_id 'node-01' not found", code: 'VM_NOT_FOUND',
      request_id: MCP_REQUEST_ID,
    });
  });

  await client.close();
  console.log(`mcp-client: all ${checks} checks ok`);
} catch (e) {
  console.error(`not ok: ${e.stack ?? e}`);
  process.exitCode = 1;
  await client.close().catch(() => {});
}
