package dev.vmnet.network;

/** A range of external ports to allocate from, inclusive. */
public record PortPool(int start, int end) {

    public String label() {
        return start + "-" + end;
    }
}
