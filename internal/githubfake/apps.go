package githubfake

import (
	"crypto/rsa"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	jwt "github.com/golang-jwt/jwt/v4"
)

// GitHub App installations, as GitHub's REST API serves them ("Generating an installation access
// token for a GitHub App", "Generating a JSON Web Token (JWT) for a GitHub App"):
//
//   - POST /app/installations/{installation_id}/access_tokens, authenticated with a JWT signed
//     RS256 by the App's private key, iss the App's ID, iat and exp at most 10 minutes apart and
//     exp not passed, answers 201 with an installation token, its expires_at (one hour later),
//     its permissions and repository_selection;
//   - anything else (no JWT, another key, an unknown installation, an expired JWT) answers 401;
//   - the token acts as the App's bot (SLUG[bot]) with the installation's permissions and is
//     refused (401 Bad credentials) once its hour has passed on the fake's clock.

// TokenLifetime is how long an installation token lasts (GitHub: one hour).
var defaultTokenLifetime = time.Hour

type appInstall struct {
	appID int64
	slug  string
	key   *rsa.PublicKey
	perms map[string]string
}

// AppInstallation registers GitHub App appID (slug) with the public half of its private key, and
// its installation installationID on the repository with perms.
func (s *Server) AppInstallation(appID, installationID int64, slug string, key *rsa.PublicKey, perms map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.installs == nil {
		s.installs = map[int64]appInstall{}
		s.expires = map[string]time.Time{}
	}
	s.installs[installationID] = appInstall{appID: appID, slug: slug, key: key, perms: perms}
	if s.appIDs == nil {
		s.appIDs = map[string]int64{}
	}
	s.appIDs[slug] = appID
}

// SetClock sets the fake's clock for installation tokens' expiry (tests move it by an hour).
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	s.now = now
	s.mu.Unlock()
}

// SetTokenLifetime sets how long the installation tokens minted from now on last (default one
// hour, as GitHub's).
func (s *Server) SetTokenLifetime(d time.Duration) {
	s.mu.Lock()
	s.lifetime = d
	s.mu.Unlock()
}

// Minted returns the installation tokens minted so far, oldest first.
func (s *Server) Minted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.minted...)
}

func (s *Server) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// accessToken serves POST /app/installations/{id}/access_tokens (s.mu held).
func (s *Server) accessToken(w http.ResponseWriter, r *http.Request, path string) bool {
	rest, ok := strings.CutPrefix(path, "/app/installations/")
	if !ok || r.Method != http.MethodPost {
		return false
	}
	idText, ok := strings.CutSuffix(rest, "/access_tokens")
	if !ok {
		return false
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	inst, known := s.installs[id]
	if err != nil || !known {
		apiError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app")
		return true
	}
	raw, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	var claims jwt.RegisteredClaims
	_, err = jwt.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		if t.Method != jwt.SigningMethodRS256 {
			return nil, fmt.Errorf("alg %v", t.Header["alg"])
		}
		return inst.key, nil
	})
	switch {
	case err != nil:
		apiError(w, http.StatusUnauthorized, "A JSON web token could not be decoded", "https://docs.github.com/rest")
		return true
	case claims.Issuer != strconv.FormatInt(inst.appID, 10):
		apiError(w, http.StatusUnauthorized, "'Issuer' claim ('iss') must be an Integer", "https://docs.github.com/rest")
		return true
	case claims.IssuedAt == nil || claims.ExpiresAt == nil || claims.ExpiresAt.Sub(claims.IssuedAt.Time) > 10*time.Minute:
		apiError(w, http.StatusUnauthorized, "Expiration time' claim ('exp') is too far in the future", "https://docs.github.com/rest")
		return true
	}
	s.n++
	tok := fmt.Sprintf("ghs_app%d_%d", inst.appID, s.n)
	life := s.lifetime
	if life <= 0 {
		life = defaultTokenLifetime
	}
	exp := s.clock().Add(life).UTC().Truncate(time.Second)
	s.tokens[tok] = inst.perms
	if s.apps == nil {
		s.apps = map[string]string{}
	}
	s.apps[tok] = inst.slug
	s.expires[tok] = exp
	s.minted = append(s.minted, tok)
	writeJSON(w, http.StatusCreated, map[string]any{"token": tok, "expires_at": exp.Format(time.RFC3339), "permissions": inst.perms,
		"repository_selection": "all"})
	return true
}

// expired says whether tok is an installation token past its hour (s.mu held).
func (s *Server) expired(tok string) bool {
	exp, ok := s.expires[tok]
	return ok && !s.clock().Before(exp)
}
