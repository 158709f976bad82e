package registry

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

func TestPushPullOnDiskAndMiddleware(t *testing.T) {
	var seen int
	s, err := Start(WithBlobDir(t.TempDir()+"/blobs"), WithMiddleware(func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen++; h.ServeHTTP(w, r) })
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.Host(), "127.0.0.1:") || s.Repo("a/b") != s.Host()+"/a/b" {
		t.Fatalf("host %s repo %s", s.Host(), s.Repo("a/b"))
	}
	img, _ := random.Image(1024, 2)
	ref, _ := name.ParseReference(s.Repo("a/b:v1"))
	if err := remote.Write(ref, img); err != nil {
		t.Fatal(err)
	}
	got, err := remote.Image(ref)
	if err != nil {
		t.Fatal(err)
	}
	d1, _ := img.Digest()
	d2, _ := got.Digest()
	if d1 != d2 || seen == 0 {
		t.Fatalf("digest %s vs %s, middleware saw %d requests", d1, d2, seen)
	}
	if _, err := Start(WithAddr(s.Host())); err == nil {
		t.Error("a second registry on a busy port started")
	}
}
