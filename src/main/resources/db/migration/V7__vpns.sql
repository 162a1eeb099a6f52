-- VPNs (spec 002): WireGuard, IPsec site-to-site and OpenVPN, each one interface (wgN, vtunN) or
-- IPsec peer on the router: router_key. config is the desired router config as JSON, with every
-- secret value in it (private keys, pre-shared keys, shared secrets) sealed under the service's
-- master key (AES-256-GCM, 'v1:<key id>:<nonce and ciphertext>'): a dump of this table holds no
-- secret in clear. local_public is what the other side needs and may be shown (this router's
-- WireGuard public key or its OpenVPN certificate's fingerprint). state, state_since and previous
-- work as dhcp_pool's (V4, V6): previous is the config an update in flight replaced.
CREATE TABLE vpn (
    id             bigserial   PRIMARY KEY,
    name           text        NOT NULL UNIQUE,
    type           text        NOT NULL CHECK (type IN ('wireguard', 'ipsec', 'openvpn')),
    router_key     text        NOT NULL UNIQUE,
    -- the UDP port the router listens on for it; two VPNs never share one
    listen_port    integer     UNIQUE CHECK (listen_port BETWEEN 1 AND 65535),
    tunnel_network cidr,
    local_public   text,
    config         jsonb       NOT NULL,
    previous       jsonb,
    owner          text,
    state          text        NOT NULL DEFAULT 'creating' CHECK (state IN ('creating', 'ready', 'changing', 'deleting')),
    state_since    timestamptz NOT NULL DEFAULT now(),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT vpn_tunnel_overlap EXCLUDE USING gist (tunnel_network inet_ops WITH &&)
);
CREATE INDEX vpn_owner_idx ON vpn (owner, name);
