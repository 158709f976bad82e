package ghapp_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/approval"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/github/ghapp"
)

// Defect 4 of issue 24: the bot read a token once and an installation token expires after an
// hour. As a GitHub App it mints installation tokens (a JWT signed by the App's key) and mints the
// next before the hour ends; what it records is by the App's bot.
func TestAppTokenRenewsAcrossAnHour(t *testing.T) {
	f, pemKey, offset := installation(t)
	// ghinstallation mints the next token a minute before expires_at by the real clock: a token
	// that lasts 61 s is due after 1 s. The fake's clock then jumps an hour, past the first
	// token's expiry, which the fake then refuses.
	f.SetTokenLifetime(61 * time.Second)
	c, err := ghapp.New(ghapp.App{ID: 4711, InstallationID: 42, PrivateKey: pemKey}, "acme/hello", github.WithBaseURL(f.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d := approval.Decision{Approved: true, By: "UBOB", Identity: "bob", Via: "slack", At: time.Now().UTC().Truncate(time.Second),
		Env: "production", Digest: "sha256:" + strings.Repeat("c", 64)}
	if _, _, err := c.Decisions("main", github.AsRecorder()).Record(ctx, d); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Minted()); n != 1 {
		t.Fatalf("%d tokens minted", n)
	}
	time.Sleep(1100 * time.Millisecond)
	offset.Store(int64(time.Hour))
	if _, err := c.History(ctx, "production", 5); err != nil {
		t.Fatalf("after an hour: %v", err)
	}
	minted := f.Minted()
	if len(minted) != 2 {
		t.Fatalf("%d tokens minted after an hour, want 2", len(minted))
	}
	// The first token is refused now, as GitHub refuses an expired one.
	old, _ := github.New(minted[0], "acme/hello", github.WithBaseURL(f.URL))
	if _, err := old.History(ctx, "production", 5); err == nil || !strings.Contains(err.Error(), "401") && !strings.Contains(err.Error(), "Bad credentials") {
		t.Errorf("the expired token still works: %v", err)
	}
	// The decision is the App's: read back as one the App recorded.
	got, err := c.Decisions("main").Lookup(ctx, "production", d.Digest)
	if err != nil || got == nil || got.Identity != "bob" {
		t.Errorf("decision %+v %v", got, err)
	}
	// A wrong key mints nothing.
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	bad, _ := ghapp.New(ghapp.App{ID: 4711, InstallationID: 42, PrivateKey: pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(other)})},
		"acme/hello", github.WithBaseURL(f.URL))
	if _, err := bad.History(ctx, "production", 5); err == nil {
		t.Error("a JWT signed by another key minted a token")
	}
}

// GitHub refuses an installation token by its own clock, and refuses one revoked before its hour,
// with 401 Bad credentials, while ghinstallation would keep it until a minute before the
// expires_at it was given, by this machine's clock. The client mints a new token on the 401 and
// sends the request again, its body too; a token that lasts its hour is minted once.
func TestAppTokenRefusedBeforeItsHourIsMintedAgain(t *testing.T) {
	f, pemKey, offset := installation(t)
	c, err := ghapp.New(ghapp.App{ID: 4711, InstallationID: 42, PrivateKey: pemKey}, "acme/hello", github.WithBaseURL(f.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := c.History(ctx, "production", 5); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.Minted()); n != 1 {
		t.Fatalf("%d tokens minted for three calls within the hour, want 1", n)
	}
	offset.Store(int64(time.Hour)) // GitHub's clock: the token's hour is over, it is refused
	d := approval.Decision{Approved: true, By: "UBOB", Identity: "bob", Via: "slack", At: time.Now().UTC().Truncate(time.Second),
		Env: "production", Digest: "sha256:" + strings.Repeat("d", 64)}
	if _, _, err := c.Decisions("main", github.AsRecorder()).Record(ctx, d); err != nil {
		t.Fatalf("recording with the refused token: %v", err)
	}
	if n := len(f.Minted()); n != 2 {
		t.Fatalf("%d tokens minted, want 2", n)
	}
	got, err := c.Decisions("main").Lookup(ctx, "production", d.Digest)
	if err != nil || got == nil || got.Identity != "bob" {
		t.Errorf("decision %+v %v", got, err)
	}
	if n := len(f.Minted()); n != 2 {
		t.Errorf("%d tokens minted after the renewal, want 2", n)
	}
}

// installation is a fake GitHub with the App 4711 installed (installation 42), the App's private
// key (PEM), and the offset of the fake's clock from this machine's.
func installation(t *testing.T) (*githubfake.Server, []byte, *atomic.Int64) {
	t.Helper()
	f := githubfake.New(strings.Repeat("a", 40))
	t.Cleanup(f.Close)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f.AppInstallation(4711, 42, "acme-greenlight", &key.PublicKey, githubfake.AllPermissions)
	offset := new(atomic.Int64)
	f.SetClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) })
	return f, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), offset
}
