// Package sigstorefake runs local stand-ins for what keyless signing talks to, speaking their
// real HTTP APIs: a GitHub-like OIDC issuer (discovery document, JWKS, RS256 tokens with
// GitHub's workflow claims), a Fulcio CA (POST /api/v2/signingCert: checks the token against
// the issuer's JWKS and the proof of possession, issues a 10-minute code-signing certificate
// with the workflow identity and Fulcio's extensions), and a Rekor log (POST
// /api/v1/log/entries for hashedrekord entries, with a signed entry timestamp).
package sigstorefake

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Fulcio's certificate extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md).
var (
	OIDIssuer     = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 1} // deprecated: raw string
	OIDIssuerV2   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 8} // DER UTF8String
	OIDRepository = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 5}
	OIDRef        = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 6}
	OIDSHA        = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 3}
)

// Sigstore is the three stand-ins.
type Sigstore struct {
	Issuer, Fulcio, Rekor *httptest.Server

	oidcKey  *rsa.PrivateKey
	caKey    *ecdsa.PrivateKey
	CA       *x509.Certificate
	rekorKey *ecdsa.PrivateKey

	mu      sync.Mutex
	entries int
	actions [3]string
}

// New starts them.
func New() *Sigstore {
	s := &Sigstore{}
	s.oidcKey, _ = rsa.GenerateKey(rand.Reader, 2048)
	s.caKey, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	s.rekorKey, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{Organization: []string{"sigstore.dev (test)"}, CommonName: "sigstore"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	der, _ := x509.CreateCertificate(rand.Reader, tpl, tpl, &s.caKey.PublicKey, s.caKey)
	s.CA, _ = x509.ParseCertificate(der)
	s.Issuer = httptest.NewServer(http.HandlerFunc(s.issuer))
	s.Fulcio = httptest.NewServer(http.HandlerFunc(s.fulcio))
	s.Rekor = httptest.NewServer(http.HandlerFunc(s.rekor))
	return s
}

// Close stops the servers.
func (s *Sigstore) Close() { s.Issuer.Close(); s.Fulcio.Close(); s.Rekor.Close() }

// RootPEM is Fulcio's root certificate.
func (s *Sigstore) RootPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.CA.Raw})
}

// RekorPublicKeyPEM is the log's public key.
func (s *Sigstore) RekorPublicKeyPEM() []byte {
	der, _ := x509.MarshalPKIXPublicKey(&s.rekorKey.PublicKey)
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// Token issues an RS256 ID token for a GitHub Actions workflow run, as GitHub does, with audience.
func (s *Sigstore) Token(repo, workflowPath, ref, audience string, ttl time.Duration) string {
	now := time.Now()
	claims := map[string]any{
		"iss": s.Issuer.URL, "aud": audience, "iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(ttl).Unix(),
		"sub": "repo:" + repo + ":ref:" + ref, "repository": repo, "ref": ref, "sha": strings.Repeat("a", 40),
		"job_workflow_ref": repo + "/" + workflowPath + "@" + ref, "workflow_ref": repo + "/" + workflowPath + "@" + ref,
		"event_name": "push", "repository_owner": strings.Split(repo, "/")[0],
	}
	h, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": "test"})
	p, _ := json.Marshal(claims)
	signing := b64url(h) + "." + b64url(p)
	sum := sha256.Sum256([]byte(signing))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, s.oidcKey, crypto.SHA256, sum[:])
	return signing + "." + b64url(sig)
}

// ActionsTokenRequest is what the Actions runtime gives a job with id-token: write: the URL
// and bearer token of its ID-token endpoint, here serving tokens for repo's workflow on ref.
func (s *Sigstore) ActionsTokenRequest(repo, workflowPath, ref string) (url, bearer string) {
	s.mu.Lock()
	s.actions = [3]string{repo, workflowPath, ref}
	s.mu.Unlock()
	return s.Issuer.URL + "/actions-token?api-version=2.0", "runtime-bearer"
}

func (s *Sigstore) issuer(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/actions-token":
		s.mu.Lock()
		a := s.actions
		s.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer runtime-bearer" || a[0] == "" {
			fail(w, 401, "bad runtime token")
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"value": s.Token(a[0], a[1], a[2], r.URL.Query().Get("audience"), 5*time.Minute)})
	case "/.well-known/openid-configuration":
		json.NewEncoder(w).Encode(map[string]any{"issuer": s.Issuer.URL, "jwks_uri": s.Issuer.URL + "/jwks"})
	case "/jwks":
		n := b64url(s.oidcKey.N.Bytes())
		e := b64url(big.NewInt(int64(s.oidcKey.E)).Bytes())
		json.NewEncoder(w).Encode(map[string]any{"keys": []any{map[string]any{"kty": "RSA", "kid": "test", "alg": "RS256", "use": "sig", "n": n, "e": e}}})
	default:
		http.NotFound(w, r)
	}
}

func fail(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"code": code, "message": msg})
}

// verifyToken checks the JWT's signature with the issuer's JWKS (fetched over HTTP, as Fulcio
// does), its audience and its lifetime, and returns its claims.
func (s *Sigstore) verifyToken(tok string) (map[string]any, error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("not a JWT")
	}
	resp, err := http.Get(s.Issuer.URL + "/jwks")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var jwks struct {
		Keys []struct{ N, E string } `json:"keys"`
	}
	json.NewDecoder(resp.Body).Decode(&jwks)
	if len(jwks.Keys) == 0 {
		return nil, fmt.Errorf("issuer has no keys")
	}
	nb, _ := base64.RawURLEncoding.DecodeString(jwks.Keys[0].N)
	eb, _ := base64.RawURLEncoding.DecodeString(jwks.Keys[0].E)
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(nb), E: int(new(big.Int).SetBytes(eb).Int64())}
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		return nil, fmt.Errorf("token signature: %w", err)
	}
	pb, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	if err := json.Unmarshal(pb, &claims); err != nil {
		return nil, err
	}
	if claims["iss"] != s.Issuer.URL {
		return nil, fmt.Errorf("unknown issuer %v", claims["iss"])
	}
	if claims["aud"] != "sigstore" {
		return nil, fmt.Errorf("audience %v, want sigstore", claims["aud"])
	}
	if exp, _ := claims["exp"].(float64); time.Now().Unix() > int64(exp) {
		return nil, fmt.Errorf("token expired")
	}
	return claims, nil
}

func (s *Sigstore) fulcio(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/v2/signingCert" {
		fail(w, 404, "not found")
		return
	}
	var req struct {
		Credentials struct {
			OIDCIdentityToken string `json:"oidcIdentityToken"`
		} `json:"credentials"`
		PublicKeyRequest struct {
			PublicKey struct {
				Algorithm string `json:"algorithm"`
				Content   string `json:"content"`
			} `json:"publicKey"`
			ProofOfPossession string `json:"proofOfPossession"`
		} `json:"publicKeyRequest"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		fail(w, 400, "invalid request")
		return
	}
	claims, err := s.verifyToken(req.Credentials.OIDCIdentityToken)
	if err != nil {
		fail(w, 401, "There was an error processing the identity token: "+err.Error())
		return
	}
	blk, _ := pem.Decode([]byte(req.PublicKeyRequest.PublicKey.Content))
	if blk == nil {
		fail(w, 400, "invalid public key")
		return
	}
	pk, err := x509.ParsePKIXPublicKey(blk.Bytes)
	ec, ok := pk.(*ecdsa.PublicKey)
	if err != nil || !ok {
		fail(w, 400, "unsupported public key")
		return
	}
	pop, _ := base64.StdEncoding.DecodeString(req.PublicKeyRequest.ProofOfPossession)
	subSum := sha256.Sum256([]byte(claims["sub"].(string)))
	if !ecdsa.VerifyASN1(ec, subSum[:], pop) {
		fail(w, 400, "The signature supplied in the request could not be verified")
		return
	}
	uri, err := url(claims)
	if err != nil {
		fail(w, 400, err.Error())
		return
	}
	utf8 := func(v string) []byte { b, _ := asn1.MarshalWithParams(v, "utf8"); return b }
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tpl := &x509.Certificate{SerialNumber: serial, NotBefore: time.Now().Add(-time.Second), NotAfter: time.Now().Add(10 * time.Minute),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning}, URIs: []*neturl{uri},
		ExtraExtensions: []pkix.Extension{
			{Id: OIDIssuer, Value: []byte(s.Issuer.URL)},
			{Id: OIDIssuerV2, Value: utf8(s.Issuer.URL)},
			{Id: OIDRepository, Value: []byte(claims["repository"].(string))},
			{Id: OIDRef, Value: []byte(claims["ref"].(string))},
			{Id: OIDSHA, Value: []byte(claims["sha"].(string))},
		}}
	der, err := x509.CreateCertificate(rand.Reader, tpl, s.CA, ec, s.caKey)
	if err != nil {
		fail(w, 500, err.Error())
		return
	}
	leaf := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	json.NewEncoder(w).Encode(map[string]any{"signedCertificateDetachedSct": map[string]any{
		"chain": map[string]any{"certificates": []string{string(leaf), string(s.RootPEM())}}}})
}

func (s *Sigstore) rekor(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/v1/log/entries" {
		fail(w, 404, "not found")
		return
	}
	body, _ := readAll(r)
	var e struct {
		Kind string `json:"kind"`
		Spec struct {
			Data struct {
				Hash struct{ Algorithm, Value string } `json:"hash"`
			} `json:"data"`
			Signature struct {
				Content   string `json:"content"`
				PublicKey struct {
					Content string `json:"content"`
				} `json:"publicKey"`
			} `json:"signature"`
		} `json:"spec"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Kind != "hashedrekord" {
		fail(w, 400, "only hashedrekord entries")
		return
	}
	certPEM, _ := base64.StdEncoding.DecodeString(e.Spec.Signature.PublicKey.Content)
	blk, _ := pem.Decode(certPEM)
	if blk == nil {
		fail(w, 400, "invalid public key")
		return
	}
	cert, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		fail(w, 400, "invalid certificate")
		return
	}
	sig, _ := base64.StdEncoding.DecodeString(e.Spec.Signature.Content)
	digest, _ := hex.DecodeString(e.Spec.Data.Hash.Value)
	if !ecdsa.VerifyASN1(cert.PublicKey.(*ecdsa.PublicKey), digest, sig) {
		fail(w, 400, "signature does not verify")
		return
	}
	s.mu.Lock()
	idx := s.entries
	s.entries++
	s.mu.Unlock()
	keyDER, _ := x509.MarshalPKIXPublicKey(&s.rekorKey.PublicKey)
	logID := sha256.Sum256(keyDER)
	payload := SETPayload{Body: base64.StdEncoding.EncodeToString(body), IntegratedTime: time.Now().Unix(), LogIndex: int64(idx), LogID: hex.EncodeToString(logID[:])}
	canon, _ := json.Marshal(payload)
	sum := sha256.Sum256(canon)
	set, _ := ecdsa.SignASN1(rand.Reader, s.rekorKey, sum[:])
	uuid := hex.EncodeToString(sum[:])
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(201)
	json.NewEncoder(w).Encode(map[string]any{uuid: map[string]any{"body": payload.Body, "integratedTime": payload.IntegratedTime,
		"logID": payload.LogID, "logIndex": payload.LogIndex, "verification": map[string]any{"signedEntryTimestamp": base64.StdEncoding.EncodeToString(set)}}})
}

// SETPayload is what a signed entry timestamp signs: its canonical JSON (keys sorted).
type SETPayload struct {
	Body           string `json:"body"`
	IntegratedTime int64  `json:"integratedTime"`
	LogID          string `json:"logID"`
	LogIndex       int64  `json:"logIndex"`
}

func readAll(r *http.Request) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(r.Body)
	return b.Bytes(), err
}
