-- A VM provisioned into a DHCP pool: its address comes from the pool's network (outside its dynamic
-- range) and its static mapping sits under the pool's shared network. pool_network copies the
-- pool's network at provision time: a pool with VMs cannot change its network.
ALTER TABLE vm ADD COLUMN dhcp_pool text REFERENCES dhcp_pool (name),
               ADD COLUMN pool_network cidr,
               ADD CONSTRAINT vm_pool_network CHECK ((dhcp_pool IS NULL) = (pool_network IS NULL));
CREATE INDEX vm_dhcp_pool ON vm (dhcp_pool) WHERE dhcp_pool IS NOT NULL;
