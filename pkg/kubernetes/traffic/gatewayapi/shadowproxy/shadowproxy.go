// Package shadowproxy is the dark launch's marker on Kubernetes: a small reverse proxy that runs
// beside a shadow's application container (a sidecar in the same pod), receives every mirrored
// request, replaces any Greenlight-Shadow header with "Greenlight-Shadow: 1" and forwards it to
// the application on localhost. The Gateway API's RequestMirror filter cannot set a header on
// the mirrored copy alone; going through this proxy, every mirrored request carries the marker
// on every gateway. `greenlight shadow-proxy` runs it; it imports only the standard library.
//
// It is bounded: every request has a deadline (Timeout), at most MaxInFlight are forwarded at
// once (the rest are answered 503 at once, never queued), request bodies and headers have
// limits, and the server has read, write and idle timeouts.
package shadowproxy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"
)

// Header is the shadow marker: every request the proxy forwards carries exactly "Header: 1".
const Header = "Greenlight-Shadow"

// Config is the proxy's configuration.
type Config struct {
	// To is the application's address, host:port, such as 127.0.0.1:8080 (the app container
	// in the same pod). Required.
	To string
	// Timeout bounds each forwarded request, from its arrival to the last byte of the
	// response (default 30s, as the local router's mirror).
	Timeout time.Duration
	// MaxInFlight is how many requests are forwarded at once; the rest are answered 503
	// (default 256, as the local router's mirror).
	MaxInFlight int
	// MaxBodyBytes limits a request's body (default 8 MiB; mirrored requests have none).
	MaxBodyBytes int64
	// Logger receives one line per failed forward (default: discarded).
	Logger *slog.Logger
}

func (c Config) withDefaults() (Config, error) {
	if c.To == "" {
		return c, errors.New("shadow proxy: no application address (--to host:port)")
	}
	if _, _, err := net.SplitHostPort(c.To); err != nil {
		return c, fmt.Errorf("shadow proxy: application address %q: %v (want host:port, such as 127.0.0.1:8080)", c.To, err)
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 256
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 8 << 20
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// New returns the proxy's handler.
func New(cfg Config) (http.Handler, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	to := &url.URL{Scheme: "http", Host: cfg.To}
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		DialContext:            dialer.DialContext,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    64,
		IdleConnTimeout:        90 * time.Second,
		ResponseHeaderTimeout:  cfg.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(to)
			pr.Out.Host = pr.In.Host // the app sees the Host the client (or gateway) sent
			// Rewrite drops X-Forwarded-*; the proxy is part of the pod, not a hop the app
			// should see, so the gateway's are passed on as they came.
			for _, h := range []string{"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto"} {
				if v := pr.In.Header.Values(h); len(v) > 0 {
					pr.Out.Header[h] = append([]string(nil), v...)
				}
			}
			// The marker is the proxy's to set: whatever a client sent is replaced.
			pr.Out.Header.Del(Header)
			pr.Out.Header.Set(Header, "1")
		},
		Transport: transport,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			status := http.StatusBadGateway
			if errors.Is(err, context.DeadlineExceeded) {
				status = http.StatusGatewayTimeout
			}
			cfg.Logger.Warn("shadow proxy: forwarding failed", "method", r.Method, "path", r.URL.Path, "to", cfg.To, "status", status, "err", err)
			w.WriteHeader(status)
		},
	}
	slots := make(chan struct{}, cfg.MaxInFlight)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		default:
			http.Error(w, "shadow proxy: too many requests in flight", http.StatusServiceUnavailable)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), cfg.Timeout)
		defer cancel()
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, cfg.MaxBodyBytes)
		}
		rp.ServeHTTP(w, r.WithContext(ctx))
	}), nil
}

// Server is the proxy's HTTP server on addr, with a timeout on every phase of a connection.
func Server(addr string, cfg Config) (*http.Server, error) {
	h, err := New(cfg)
	if err != nil {
		return nil, err
	}
	cfg, _ = cfg.withDefaults()
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       cfg.Timeout,
		WriteTimeout:      cfg.Timeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
	}, nil
}

// Run serves the proxy on ln until ctx ends, then shuts down, letting requests in flight
// finish for up to the request timeout.
func Run(ctx context.Context, ln net.Listener, cfg Config) error {
	srv, err := Server(ln.Addr().String(), cfg)
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	cfg, _ = cfg.withDefaults()
	sctx, cancel := context.WithTimeout(context.Background(), cfg.Timeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	<-done
	return err
}
