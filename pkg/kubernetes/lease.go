package kubernetes

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// One run at a time moves an environment: each operation that changes it (Start,
// SetCanaryWeight, Promote, Abort, Rollback, Deploy) holds a coordination.k8s.io/v1 Lease named
// greenlight-<app> in the namespace, renewed while it works. A second run waits for it with a
// line saying who holds it, and every 10 s how long it has waited and how long it still will,
// up to the lock wait, then fails; the lease of a run that crashed
// expires after its duration and is taken over.

const (
	leaseAPI       = "coordination.k8s.io/v1"
	microTimeFmt   = "2006-01-02T15:04:05.000000Z07:00"
	defaultLease   = 30 * time.Second
	defaultLockFor = 10 * time.Minute
)

// WithLease sets how long the environment's lease lasts without renewal (default 30 s: a run
// that crashed blocks the next one that long) and how long a run waits for a lease another run
// holds before it fails (default 10 minutes).
func WithLease(duration, wait time.Duration) Option {
	return func(t *Target) { t.leaseFor, t.lockWait = duration, wait }
}

// WithHolder names this run in the lease (default: HolderFromEnv()).
func WithHolder(id string) Option { return func(t *Target) { t.holder = id } }

// HolderFromEnv names this run for the environment's lease: the GitHub Actions run
// ($GITHUB_REPOSITORY run $GITHUB_RUN_ID), or else the host name and process id, with a random
// suffix that sets two targets of one process apart. With RESTConfigFromEnv, it is the one
// place in this package that reads the environment; New calls it when given no WithHolder.
func HolderFromEnv() string {
	var b [3]byte
	rand.Read(b[:])
	sfx := hex.EncodeToString(b[:])
	if run := os.Getenv("GITHUB_RUN_ID"); run != "" {
		return fmt.Sprintf("%s run %s (%s)", os.Getenv("GITHUB_REPOSITORY"), run, sfx)
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s pid %d (%s)", host, os.Getpid(), sfx)
}

func (t *Target) leaseName() string { return "greenlight-" + t.App() }

// lock takes the environment's lease, or joins it if this Target holds it already, and returns
// the function that gives it back. Without the namespace there is nothing to hold yet: the
// caller locks again once it has created it.
func (t *Target) lock(ctx context.Context) (func(), error) {
	t.mu.Lock()
	if t.held > 0 {
		t.held++
		t.mu.Unlock()
		return t.unlockOnce(), nil
	}
	t.mu.Unlock()
	if _, err := t.c.get(ctx, "", "v1", "Namespace", t.ns); apierrors.IsNotFound(err) {
		return func() {}, nil
	}
	start := time.Now()
	deadline := start.Add(t.lockWait)
	lastSaid, saidAt := "", time.Time{}
	for {
		held, holder, renewed, err := t.tryLease(ctx, false)
		if err != nil {
			return nil, fmt.Errorf("taking the lease %s/%s that keeps other runs out of %s: %w", t.ns, t.leaseName(), t.env, err)
		}
		if held {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s is being changed by %s (Lease %s/%s, renewed %s ago); waited %s: try again when that run ends, or delete the Lease if it is gone",
				t.env, holder, t.ns, t.leaseName(), time.Since(renewed).Round(time.Second), t.lockWait)
		}
		switch {
		case lastSaid != holder:
			t.logf("%s: waiting for %s, which is changing this environment (Lease %s/%s); waiting up to %s",
				t.env, holder, t.ns, t.leaseName(), time.Until(deadline).Round(time.Second))
			lastSaid, saidAt = holder, time.Now()
		case time.Since(saidAt) >= 10*time.Second:
			// a live line every 10 s, as a restore waiting for the API server says
			t.logf("%s: still waiting for %s (Lease %s/%s, renewed %s ago): waited %s, %s left",
				t.env, holder, t.ns, t.leaseName(), time.Since(renewed).Round(time.Second),
				time.Since(start).Round(time.Second), time.Until(deadline).Round(time.Second))
			saidAt = time.Now()
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Second):
		}
	}
	t.mu.Lock()
	t.held = 1
	t.mu.Unlock()
	t.startRenewing(ctx)
	return t.unlockOnce(), nil
}

// startRenewing renews the lease this run has just taken until it is given back; if it cannot
// be renewed in time (the API server did not answer), it stops: the run no longer holds it, and
// regainLease must take it again before the run changes anything.
func (t *Target) startRenewing(ctx context.Context) {
	rctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	t.mu.Lock()
	t.renewed, t.stopRenew = time.Now(), func() { stop(); <-done }
	t.mu.Unlock()
	go func() {
		defer close(done)
		last := time.Now()
		for {
			select {
			case <-rctx.Done():
				return
			case <-time.After(t.leaseFor / 3):
			}
			if time.Since(last) > t.leaseFor {
				// Not renewed in time: another run may hold it now. Never renew an expired lease.
				t.logf("%s: the lease could not be renewed for %s (the API server was unreachable); this run no longer holds it", t.env, time.Since(last).Round(time.Second))
				return
			}
			held, holder, _, err := t.tryLease(rctx, true)
			switch {
			case err == nil && held:
				last = time.Now()
				t.mu.Lock()
				t.renewed = last
				t.mu.Unlock()
			case err == nil:
				t.logf("%s: this run no longer holds the lease (%s); another run may move the environment", t.env, holder)
				return
			}
		}
	}()
}

// confirmLease is called before every write that moves traffic or saves the state. When an
// API call of this run has failed or been retried since the last check, or the lease has not
// been renewed for two thirds of its duration (a partition may have outlasted it), it makes
// sure this run still has the environment to itself before it changes anything more: the
// lease must still name this run, or be free with Greenlight's record unchanged since this run
// read it, in which case it is taken again. If another run holds it, or wrote the record
// meanwhile, the run fails saying so and changes nothing more.
func (t *Target) confirmLease(ctx context.Context) error {
	t.mu.Lock()
	held := t.held > 0
	t.mu.Unlock()
	if !held {
		return nil
	}
	troubled := t.c.troubled.Swap(false)
	t.mu.Lock()
	stale := time.Since(t.renewed) > 2*t.leaseFor/3
	t.mu.Unlock()
	if !troubled && !stale {
		return nil
	}
	return t.regainLease(ctx)
}

// regainLease checks and takes back the lease this run holds (see confirmLease).
func (t *Target) regainLease(ctx context.Context) error {
	t.mu.Lock()
	stop, myRV, stale := t.stopRenew, t.stateRV, time.Since(t.renewed) > 2*t.leaseFor/3
	t.mu.Unlock()
	cur, err := t.c.get(ctx, t.ns, leaseAPI, "Lease", t.leaseName())
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("checking that this run still holds the lease %s/%s: %w", t.ns, t.leaseName(), err)
	}
	holder := ""
	if err == nil {
		holder, _, _ = unstructured.NestedString(cur.Object, "spec", "holderIdentity")
	}
	if holder != "" && holder != t.holder {
		return fmt.Errorf("while the API server did not answer, this run's lease %s/%s lapsed and %s took %s over; this run stops without changing anything more (that run returns leftover traffic to stable before it changes anything)",
			t.ns, t.leaseName(), holder, t.env)
	}
	if holder != t.holder {
		// Free (released or deleted): another run may have come and gone. Greenlight's record
		// tells: if it changed since this run read it, the environment is not as this run left it.
		cm, err := t.c.get(ctx, t.ns, "v1", "ConfigMap", t.stateName())
		rv := ""
		if err == nil {
			rv = cm.GetResourceVersion()
		} else if !apierrors.IsNotFound(err) {
			return fmt.Errorf("checking Greenlight's record of %s: %w", t.env, err)
		}
		if rv != myRV {
			return fmt.Errorf("while the API server did not answer, this run's lease %s/%s lapsed and another run changed %s (it rewrote Greenlight's record); this run stops without changing anything more: check what runs with greenlight status",
				t.ns, t.leaseName(), t.env)
		}
	}
	stop() // the renewer has stopped, or is about to: this takes over
	held, holder, _, err := t.tryLease(ctx, false)
	if err != nil {
		return fmt.Errorf("taking back the lease %s/%s: %w", t.ns, t.leaseName(), err)
	}
	if !held {
		return fmt.Errorf("while the API server did not answer, this run's lease expired and %s took %s over; this run stops without changing anything more (that run returns leftover traffic to stable before it changes anything)", holder, t.env)
	}
	if stale {
		t.logf("%s: took the lease %s/%s back after the API server outage", t.env, t.ns, t.leaseName())
	}
	t.startRenewing(ctx)
	return nil
}

// Close gives back the environment's lease if this Target still holds it (Start keeps it until
// its canary is promoted, aborted or rolled back): call it when a run ends with a canary left
// for a later run. A process that dies without it blocks the next run for the lease's duration.
func (t *Target) Close() error {
	t.endCanary()
	return nil
}

func (t *Target) unlockOnce() func() {
	var done bool
	return func() {
		if done {
			return
		}
		done = true
		t.mu.Lock()
		t.held--
		last := t.held == 0
		stop := t.stopRenew
		t.mu.Unlock()
		if !last {
			return
		}
		stop()
		t.releaseLease(context.Background())
	}
}

// tryLease takes or renews the lease if it is free, expired or ours. renewing only renews ours,
// and not once it has expired: another run may have seen it expire.
func (t *Target) tryLease(ctx context.Context, renewing bool) (held bool, holder string, renewed time.Time, err error) {
	now := time.Now()
	cur, err := t.c.get(ctx, t.ns, leaseAPI, "Lease", t.leaseName())
	if apierrors.IsNotFound(err) && renewing {
		return false, "it was deleted", now, nil
	}
	if apierrors.IsNotFound(err) {
		l := t.leaseObject(now, now)
		ri, err := t.c.ri(leaseAPI, "Lease", t.ns)
		if err != nil {
			return false, "", now, err
		}
		_, err = ri.Create(ctx, l, metav1.CreateOptions{FieldManager: t.c.manager})
		if apierrors.IsAlreadyExists(err) {
			return false, "another run", now, nil
		}
		return err == nil, t.holder, now, err
	}
	if err != nil {
		return false, "", now, err
	}
	holder, _, _ = unstructured.NestedString(cur.Object, "spec", "holderIdentity")
	secs, _, _ := unstructured.NestedInt64(cur.Object, "spec", "leaseDurationSeconds")
	rs, _, _ := unstructured.NestedString(cur.Object, "spec", "renewTime")
	renewed, _ = time.Parse(microTimeFmt, rs)
	expired := !now.Before(renewed.Add(time.Duration(secs) * time.Second))
	if renewing && (holder != t.holder || expired) {
		if holder != t.holder {
			return false, "taken by " + holder, renewed, nil
		}
		return false, "it expired before it could be renewed", renewed, nil
	}
	acquired := now
	if holder == t.holder {
		as, _, _ := unstructured.NestedString(cur.Object, "spec", "acquireTime")
		if a, err := time.Parse(microTimeFmt, as); err == nil {
			acquired = a
		}
	} else if holder != "" && !expired {
		return false, holder, renewed, nil
	}
	l := t.leaseObject(acquired, now)
	l.SetResourceVersion(cur.GetResourceVersion())
	ri, err := t.c.ri(leaseAPI, "Lease", t.ns)
	if err != nil {
		return false, "", now, err
	}
	_, err = ri.Update(ctx, l, metav1.UpdateOptions{FieldManager: t.c.manager})
	if apierrors.IsConflict(err) {
		return false, "another run", now, nil
	}
	return err == nil, t.holder, now, err
}

func (t *Target) leaseObject(acquired, renewed time.Time) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": leaseAPI, "kind": "Lease",
		"metadata": map[string]any{"name": t.leaseName(), "namespace": t.ns,
			"labels": map[string]any{"app.kubernetes.io/managed-by": "greenlight"}},
		"spec": map[string]any{
			"holderIdentity":       t.holder,
			"leaseDurationSeconds": int64(max(t.leaseFor/time.Second, 1)),
			"acquireTime":          acquired.UTC().Format(microTimeFmt),
			"renewTime":            renewed.UTC().Format(microTimeFmt),
		},
	}}
}

// releaseLease empties the holder, if it is still this run, so the next run need not wait.
func (t *Target) releaseLease(ctx context.Context) {
	cur, err := t.c.get(ctx, t.ns, leaseAPI, "Lease", t.leaseName())
	if err != nil {
		return
	}
	if h, _, _ := unstructured.NestedString(cur.Object, "spec", "holderIdentity"); h != t.holder {
		return
	}
	unstructured.SetNestedField(cur.Object, "", "spec", "holderIdentity")
	if ri, err := t.c.ri(leaseAPI, "Lease", t.ns); err == nil {
		ri.Update(ctx, cur, metav1.UpdateOptions{FieldManager: t.c.manager})
	}
}

// locked runs f holding the environment's lease; prepare may create the namespace, after
// which the lease is taken (relock).
func (t *Target) locked(ctx context.Context, f func(relock func() error) error) error {
	unlock, err := t.lock(ctx)
	if err != nil {
		return err
	}
	defer func() { unlock() }()
	relock := func() error {
		t.mu.Lock()
		held := t.held > 0
		t.mu.Unlock()
		if held {
			return nil
		}
		u, err := t.lock(ctx)
		if err != nil {
			return err
		}
		prev := unlock
		unlock = func() { u(); prev() }
		return nil
	}
	return f(relock)
}
