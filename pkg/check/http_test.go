package check_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/check"
)

func TestHTTP(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("hello from " + r.URL.Path))
	}))
	defer srv.Close()
	ctx := context.Background()
	if err := (check.HTTP{Path: "/", Contains: "hello"}).Check(ctx, srv.URL+"/"); err != nil || n.Load() != 3 {
		t.Fatalf("healthy: %v after %d requests", err, n.Load())
	}
	if err := (check.HTTP{Path: "up", Requests: 1}).Check(ctx, srv.URL); err != nil {
		t.Errorf("a path without its slash: %v", err)
	}
	if err := (check.HTTP{Path: "/missing"}).Check(ctx, srv.URL); err == nil || !strings.Contains(err.Error(), "status 404, want 200") {
		t.Errorf("wrong status: %v", err)
	}
	if err := (check.HTTP{Path: "/", Contains: "goodbye"}).Check(ctx, srv.URL); err == nil || !strings.Contains(err.Error(), `does not contain "goodbye"`) {
		t.Errorf("wrong body: %v", err)
	}
	if err := (check.HTTP{Path: "/missing", Status: http.StatusNotFound}).Check(ctx, srv.URL); err != nil {
		t.Errorf("expected status: %v", err)
	}
}
