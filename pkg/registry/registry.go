// Package registry serves an OCI registry on 127.0.0.1: go-containerregistry's pkg/registry,
// the embedded default for the demo and tests. Any real registry (ghcr.io, Docker Hub) works in
// its place.
package registry

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	ggcr "github.com/google/go-containerregistry/pkg/registry"
)

// Server is a running registry.
type Server struct {
	srv *http.Server
	ln  net.Listener
}

// Option configures the server.
type Option func(*options)

type options struct {
	addr    string
	blobDir string
	wrap    func(http.Handler) http.Handler
	logw    io.Writer
}

// WithAddr sets the listen address (default 127.0.0.1:0).
func WithAddr(addr string) Option { return func(o *options) { o.addr = addr } }

// WithBlobDir keeps blobs on disk in dir instead of in memory.
func WithBlobDir(dir string) Option { return func(o *options) { o.blobDir = dir } }

// WithMiddleware wraps the registry's handler (tests use it to inject faults).
func WithMiddleware(f func(http.Handler) http.Handler) Option { return func(o *options) { o.wrap = f } }

// WithLog sends the registry's request log to w (default: discarded).
func WithLog(w io.Writer) Option { return func(o *options) { o.logw = w } }

// Start serves a registry until Close.
func Start(opts ...Option) (*Server, error) {
	o := options{addr: "127.0.0.1:0", logw: io.Discard}
	for _, f := range opts {
		f(&o)
	}
	ropts := []ggcr.Option{ggcr.Logger(log.New(o.logw, "registry: ", 0))}
	if o.blobDir != "" {
		if err := os.MkdirAll(o.blobDir, 0o755); err != nil {
			return nil, fmt.Errorf("registry: blob directory: %w", err)
		}
		ropts = append(ropts, ggcr.WithBlobHandler(ggcr.NewDiskBlobHandler(o.blobDir)))
	}
	var h http.Handler = ggcr.New(ropts...)
	if o.wrap != nil {
		h = o.wrap(h)
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return nil, fmt.Errorf("registry: listening on %s: %w", o.addr, err)
	}
	s := &Server{srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}, ln: ln}
	go s.srv.Serve(ln)
	return s, nil
}

// Host is host:port, such as 127.0.0.1:39123. go-containerregistry and cosign speak plain HTTP
// to 127.0.0.1 and localhost.
func (s *Server) Host() string { return s.ln.Addr().String() }

// Repo returns the repository path under this registry, such as 127.0.0.1:39123/demo/hello.
func (s *Server) Repo(path string) string { return s.Host() + "/" + path }

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}
