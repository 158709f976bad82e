// Package k8senv connects tests to the project's real Kubernetes control plane, started by
// start-cluster.sh beside this file (`make test` starts it). Without a running cluster the tests
// fail and say how to start one: they never skip.
package k8senv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Kubeconfig is where start-cluster.sh writes the cluster's kubeconfig.
func Kubeconfig() string {
	if p := os.Getenv("GREENLIGHT_KUBECONFIG"); p != "" {
		return p
	}
	root := os.Getenv("K8SF_ROOT")
	if root == "" {
		home, _ := os.UserHomeDir()
		root = filepath.Join(home, ".cache", "greenlight-k8s")
	}
	return filepath.Join(root, "run", "kubeconfig")
}

const howTo = "start one with internal/k8senv/start-cluster.sh (make test does it; the first build takes 5-8 minutes)"

// Config returns the test cluster's client configuration, or fails the test.
func Config(t testing.TB) *rest.Config {
	t.Helper()
	path := Kubeconfig()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no Kubernetes control plane for the tests (%s missing): %s", path, howTo)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		t.Fatalf("kubeconfig %s: %v", path, err)
	}
	cfg.Timeout = 30 * time.Second
	dc := dynamic.NewForConfigOrDie(cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := dc.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).Get(ctx, "default", metav1.GetOptions{}); err != nil {
		t.Fatalf("the Kubernetes control plane at %s does not answer (%v): %s", cfg.Host, err, howTo)
	}
	return cfg
}

// Namespace returns a fresh namespace name for the test, deleted when it ends.
func Namespace(t testing.TB, cfg *rest.Config) string {
	t.Helper()
	var b [4]byte
	rand.Read(b[:])
	ns := "t-" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		dc := dynamic.NewForConfigOrDie(cfg)
		dc.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).Delete(context.Background(), ns, metav1.DeleteOptions{})
	})
	return ns
}

// Proxy is a TCP proxy in front of the test cluster's API server that a test can cut off, as an
// API-server outage or a network partition would: Pause closes every connection and stops
// listening (clients get "connection refused"), Resume listens again on the same address.
type Proxy struct {
	addr, upstream string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

// StartProxy starts a proxy to cfg's API server and returns it with a copy of cfg that goes
// through it. It stops when the test ends.
func StartProxy(t testing.TB, cfg *rest.Config) (*Proxy, *rest.Config) {
	t.Helper()
	u, err := url.Parse(cfg.Host)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{upstream: u.Host, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.Pause)
	c := rest.CopyConfig(cfg)
	c.Host = "https://" + p.addr
	return p, c
}

func (p *Proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *Proxy) pipe(c net.Conn) {
	up, err := net.Dial("tcp", p.upstream)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil { // paused meanwhile
		p.mu.Unlock()
		c.Close()
		up.Close()
		return
	}
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	cp := func(dst, src net.Conn) { io.Copy(dst, src); done <- struct{}{} }
	go cp(up, c)
	go cp(c, up)
	<-done
	c.Close()
	up.Close()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, up)
	p.mu.Unlock()
}

// Pause cuts every connection and refuses new ones.
func (p *Proxy) Pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
}

// Resume accepts connections again, on the same address.
func (p *Proxy) Resume() error {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		return err
	}
	p.serve(ln)
	return nil
}
