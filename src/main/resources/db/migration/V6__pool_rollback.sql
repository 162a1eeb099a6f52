-- An unsettled pool change is rolled back like a VM's, whichever replica settles it: 'creating'
-- removes the pool, 'deleting' keeps it, and 'changing' puts back the values an update replaced,
-- which the row keeps in previous until the router confirms. (V4's note that recovery makes the
-- router hold what the row says no longer holds for 'changing'.)
ALTER TABLE dhcp_pool ADD COLUMN previous jsonb;
COMMENT ON COLUMN dhcp_pool.previous IS 'the values an update in flight replaced (state changing); null otherwise';
