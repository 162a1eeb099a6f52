// Compiled, never run: the calls a TypeScript user makes with the client generated from the
// OpenAPI document (target/clients/typescript). tsc fails the build when the document stops
// giving these calls these types.
import {
    AdminApi,
    Configuration,
    MCPApi,
    OperationsApi,
    PortAction,
    ProvisionOperation,
    ResponseError,
    UsersApi,
    VMsApi,
    type Problem,
} from '../../../target/clients/typescript';

export async function usage(basePath: string, adminKey: string): Promise<void> {
    const admin = new Configuration({ basePath, headers: { 'X-API-Key': adminKey } });
    // the key is in the create answer, once
    const created = await new AdminApi(admin).createApiKey({ apiKeyRequest: { description: 'ci', expiresInDays: 30 } });
    const key: string | undefined = created.apiKey;
    const user = new Configuration({ basePath, headers: { 'X-API-Key': key ?? '' } });

    const vms = new VMsApi(user);
    const provisioned = await vms.provisionVm({ provisionRequest: { vmName: 'server-01', macAddress: '00:11:22:33:44:AA' } });
    const ssh: number | undefined = provisioned.externalPorts?.['ssh'];
    await vms.applyPortAction({ machineId: 'server-01', portName: 'ssh', portActionRequest: { action: PortAction.Pause } });

    // an asynchronous change: the operation's kind tells which body its result holds
    const operation = await new OperationsApi(user).getOperation({ id: '00000000-0000-0000-0000-000000000000' });
    if (operation.kind === 'provision') {
        const ip: string | undefined = (operation as ProvisionOperation).result?.internalIp;
    }
    const failure: string | undefined = operation.error?.code;

    // free-form JSON is any JSON object
    const mcp = await new MCPApi(user).mcpProvision({ mcpProvisionRequest: {
        context: { user: 'admin', env: 'prod', trace: ['a', 1] },
        resource: { type: 'vm', spec: { name: 'mcp-vm', mac: '00:11:22:33:44:AB', cpu: 2 } } } });
    const context: { [key: string]: any } | undefined = mcp.context;
    await new MCPApi(user).mcpDecommission({ mcpDecommissionRequest: { input: { machineId: 'mcp-vm' } } });

    const registered = await new UsersApi(admin).registerUser({ registerRequest: { username: 'alice', password: 'strongpass' } });
    const roles: Set<string> | undefined = registered.roles;
    const token = await new UsersApi(new Configuration({ basePath })).login({ username: 'alice', password: 'strongpass' });
    const bearer: string | undefined = token.accessToken;

    try {
        await vms.getVmPortsStatusByVm({ machineId: 'missing' });
    } catch (e) {
        if (e instanceof ResponseError) {
            const problem: Problem = await e.response.json();
            const code: string | undefined = problem.code;
        }
    }
}
