package dev.orun.workflow;

import dev.orun.gate.ContractLoader;
import dev.orun.gate.GateContract;

/**
 * The contracts of every gate of a workflow, as {@code run start} checks them, read and checked on two threads: a
 * command's first milliseconds run interpreted, and parsing and checking the seed's 18 contracts one after the other
 * was two fifths of its {@code run start}. Each gate's outcome — its contract, or the error reading it — is taken
 * with {@link #get} where the sequential loop read it, so the error a user sees is the one it gave.
 */
final class ContractsLoad implements Runnable {
    /** Fewer gates than this are read on the calling thread alone (a thread costs more than it saves). */
    static final int PARALLEL_FROM = 4;

    private final ContractLoader loader;
    private final Workflow wf;
    private final String source;
    private final GateContract[] out;
    private final Throwable[] failed;

    private ContractsLoad(ContractLoader loader, Workflow wf, String source) {
        this.loader = loader;
        this.wf = wf;
        this.source = source;
        int n = wf.gates().size();
        this.out = new GateContract[n];
        this.failed = new Throwable[n];
    }

    static ContractsLoad all(ContractLoader loader, Workflow wf, String source) {
        ContractsLoad load = new ContractsLoad(loader, wf, source);
        int n = wf.gates().size();
        if (n < PARALLEL_FROM) {
            load.range(0, 1);
        } else {
            Thread other = new Thread(load, "orun-contracts");
            other.setDaemon(true);
            other.start();
            load.range(0, 2);
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the contracts", e);
            }
        }
        return load;
    }

    /** Gate {@code i}'s contract, or the error reading it gave, thrown here: where the sequential loop threw it. */
    GateContract get(int i) {
        Throwable t = failed[i];
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return out[i];
    }

    /** The odd gates, on the other thread. */
    @Override
    public void run() {
        range(1, 2);
    }

    /** Gates {@code from}, {@code from + step}, …; a gate's error is kept for it, and the rest still read. */
    private void range(int from, int step) {
        for (int i = from; i < out.length; i += step) {
            try {
                out[i] = loader.load(wf.gates().get(i).contract(), source + " /gates/" + i + "/contract");
            } catch (RuntimeException | Error e) {
                failed[i] = e;
            }
        }
    }
}
