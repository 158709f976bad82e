// Package sigstorefake runs local stand-ins for what keyless signing talks to, speaking their
// real HTTP APIs: a GitHub-like OIDC issuer (discovery document, JWKS, RS256 tokens with
// GitHub's workflow claims), a Fulcio CA (POST /api/v2/signingCert: checks the token against
// the issuer's JWKS and the proof of possession, issues a 10-minute code-signing certificate
// with the workflow identity and Fulcio's extensions, and an SCT of a CT log embedded as
// Fulcio embeds it), and a Rekor log (POST
// /api/v1/log/entries for hashedrekord and dsse entries, answering as Rekor v1 does: the
// canonical body, a signed entry timestamp, an RFC 6962 inclusion proof and a signed checkpoint;
// 409 for an entry already logged).
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

	ct "github.com/google/certificate-transparency-go"
	cttls "github.com/google/certificate-transparency-go/tls"
	ctx509 "github.com/google/certificate-transparency-go/x509"
)

// Fulcio's certificate extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md).
var (
	OIDIssuer     = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 1} // deprecated: raw string
	OIDIssuerV2   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 8} // DER UTF8String
	OIDRepository = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 5}
	OIDRef        = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 6}
	OIDSHA        = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 3}
)

// RFC 6962's certificate extensions: a precertificate's poison, a certificate's SCT list.
var (
	oidCTPoison  = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 3}
	oidCTSCTList = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 2}
)

// Sigstore is the three stand-ins.
type Sigstore struct {
	Issuer, Fulcio, Rekor *httptest.Server

	oidcKey  *rsa.PrivateKey
	caKey    *ecdsa.PrivateKey
	CA       *x509.Certificate
	rekorKey *ecdsa.PrivateKey
	ctKey    *ecdsa.PrivateKey // the CT log's, which signs the certificates' SCTs

	mu      sync.Mutex
	leaves  [][]byte
	uuids   map[string]bool
	actions [3]string
	ttl     time.Duration
}

// New starts them.
func New() *Sigstore {
	s := &Sigstore{}
	s.oidcKey, _ = rsa.GenerateKey(rand.Reader, 2048)
	s.caKey, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	s.rekorKey, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	s.ctKey, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
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
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/v2/signingCert":
		s.fulcioV2(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/api/v1/signingCert":
		s.fulcioV1(w, r)
	default:
		fail(w, 404, "not found")
	}
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if strings.HasPrefix(h, "Bearer ") {
		return strings.TrimPrefix(h, "Bearer ")
	}
	return ""
}

// fulcioV2 is Fulcio's v2 API (sigstore-go, cosign v3, Greenlight): the token in the body's
// credentials or the Authorization header, a PEM public key, the proof of possession; a JSON
// answer with the chain.
func (s *Sigstore) fulcioV2(w http.ResponseWriter, r *http.Request) {
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
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		fail(w, 400, "invalid request")
		return
	}
	tok := req.Credentials.OIDCIdentityToken
	if tok == "" {
		tok = bearer(r)
	}
	pop, _ := base64.StdEncoding.DecodeString(req.PublicKeyRequest.ProofOfPossession)
	leaf, code, msg := s.issue(tok, []byte(req.PublicKeyRequest.PublicKey.Content), pop)
	if leaf == nil {
		fail(w, code, msg)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"signedCertificateDetachedSct": map[string]any{
		"chain": map[string]any{"certificates": []string{string(leaf), string(s.RootPEM())}}}})
}

// fulcioV1 is Fulcio's legacy v1 API (cosign v2): the token in the Authorization header, the
// PEM public key and the signed subject as base64 bytes; 201 with the PEM chain as the body.
func (s *Sigstore) fulcioV1(w http.ResponseWriter, r *http.Request) {
	var req struct {
		PublicKey struct {
			Content []byte `json:"content"`
		} `json:"publicKey"`
		SignedEmailAddress []byte `json:"signedEmailAddress"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		fail(w, 400, "invalid request")
		return
	}
	leaf, code, msg := s.issue(bearer(r), req.PublicKey.Content, req.SignedEmailAddress)
	if leaf == nil {
		fail(w, code, msg)
		return
	}
	w.Header().Set("Content-Type", "application/pem-certificate-chain")
	w.WriteHeader(201)
	w.Write(append(leaf, s.RootPEM()...))
}

// issue checks the token and the proof of possession of the key (a signature over the token's
// subject) and issues a 10-minute code-signing certificate for the token's identity.
func (s *Sigstore) issue(token string, pubPEM, pop []byte) ([]byte, int, string) {
	claims, err := s.verifyToken(token)
	if err != nil {
		return nil, 401, "There was an error processing the identity token: " + err.Error()
	}
	blk, _ := pem.Decode(pubPEM)
	if blk == nil {
		return nil, 400, "invalid public key"
	}
	pk, err := x509.ParsePKIXPublicKey(blk.Bytes)
	ec, ok := pk.(*ecdsa.PublicKey)
	if err != nil || !ok {
		return nil, 400, "unsupported public key"
	}
	subSum := sha256.Sum256([]byte(claims["sub"].(string)))
	if !ecdsa.VerifyASN1(ec, subSum[:], pop) {
		return nil, 400, "The signature supplied in the request could not be verified"
	}
	uri, err := url(claims)
	if err != nil {
		return nil, 400, err.Error()
	}
	utf8 := func(v string) []byte { b, _ := asn1.MarshalWithParams(v, "utf8"); return b }
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	notBefore, notAfter := time.Now().Add(-time.Second), time.Now().Add(s.certTTL())
	if ttl := s.certTTL(); ttl < 0 {
		notBefore = time.Now().Add(2 * ttl) // a certificate that expired before it was used
	}
	tpl := &x509.Certificate{SerialNumber: serial, NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning}, URIs: []*neturl{uri},
		ExtraExtensions: []pkix.Extension{
			{Id: OIDIssuer, Value: []byte(s.Issuer.URL)},
			{Id: OIDIssuerV2, Value: utf8(s.Issuer.URL)},
			{Id: OIDRepository, Value: []byte(claims["repository"].(string))},
			{Id: OIDRef, Value: []byte(claims["ref"].(string))},
			{Id: OIDSHA, Value: []byte(claims["sha"].(string))},
		}}
	der, err := s.withSCT(tpl, ec)
	if err != nil {
		return nil, 500, err.Error()
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0, ""
}

// withSCT issues tpl as Fulcio does (RFC 6962 §3.1): a precertificate (tpl with the critical
// poison extension) logged in the CT log, whose signed certificate timestamp the certificate
// then carries in its SCT list extension, in the poison's place, so that the certificate's TBS
// without that extension is the precertificate's without the poison: what verifiers check
// against the CT log's key in the trusted root (cosign and sigstore-go by default).
func (s *Sigstore) withSCT(tpl *x509.Certificate, pub *ecdsa.PublicKey) ([]byte, error) {
	at := len(tpl.ExtraExtensions)
	tpl.ExtraExtensions = append(tpl.ExtraExtensions, pkix.Extension{Id: oidCTPoison, Critical: true, Value: asn1.NullBytes})
	pre, err := x509.CreateCertificate(rand.Reader, tpl, s.CA, pub, s.caKey)
	if err != nil {
		return nil, err
	}
	preCert, err := x509.ParseCertificate(pre)
	if err != nil {
		return nil, err
	}
	tbs, err := ctx509.RemoveCTPoison(preCert.RawTBSCertificate)
	if err != nil {
		return nil, err
	}
	keyDER, _ := x509.MarshalPKIXPublicKey(&s.ctKey.PublicKey)
	sct := ct.SignedCertificateTimestamp{SCTVersion: ct.V1, LogID: ct.LogID{KeyID: sha256.Sum256(keyDER)}, Timestamp: uint64(time.Now().UnixMilli())}
	input, err := ct.SerializeSCTSignatureInput(sct, ct.LogEntry{Leaf: ct.MerkleTreeLeaf{Version: ct.V1, LeafType: ct.TimestampedEntryLeafType,
		TimestampedEntry: &ct.TimestampedEntry{Timestamp: sct.Timestamp, EntryType: ct.PrecertLogEntryType,
			PrecertEntry: &ct.PreCert{IssuerKeyHash: sha256.Sum256(s.CA.RawSubjectPublicKeyInfo), TBSCertificate: tbs}}}})
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(input)
	sig, err := ecdsa.SignASN1(rand.Reader, s.ctKey, sum[:])
	if err != nil {
		return nil, err
	}
	sct.Signature = ct.DigitallySigned{Algorithm: cttls.SignatureAndHashAlgorithm{Hash: cttls.SHA256, Signature: cttls.ECDSA}, Signature: sig}
	one, err := cttls.Marshal(sct)
	if err != nil {
		return nil, err
	}
	list, err := cttls.Marshal(ctx509.SignedCertificateTimestampList{SCTList: []ctx509.SerializedSCT{{Val: one}}})
	if err != nil {
		return nil, err
	}
	val, _ := asn1.Marshal(list) // an OCTET STRING holding the TLS-encoded list
	tpl.ExtraExtensions[at] = pkix.Extension{Id: oidCTSCTList, Value: val}
	return x509.CreateCertificate(rand.Reader, tpl, s.CA, pub, s.caKey)
}

// SetCertificateLifetime changes how long the certificates issued from now on are valid
// (Fulcio's are valid 10 minutes). A negative d issues certificates that expired -d ago (valid
// from now+2d to now+d), for tests of signatures made with an expired certificate.
func (s *Sigstore) SetCertificateLifetime(d time.Duration) {
	s.mu.Lock()
	s.ttl = d
	s.mu.Unlock()
}

func (s *Sigstore) certTTL() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ttl == 0 {
		return 10 * time.Minute
	}
	return s.ttl
}

func (s *Sigstore) rekor(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/v1/log/entries" {
		fail(w, 404, "not found")
		return
	}
	body, err := readAll(r)
	if err != nil || len(body) > 1<<20 {
		fail(w, 400, "invalid request")
		return
	}
	var e struct {
		APIVersion string          `json:"apiVersion"`
		Kind       string          `json:"kind"`
		Spec       json.RawMessage `json:"spec"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		fail(w, 400, "invalid proposed entry")
		return
	}
	var canon []byte
	switch {
	case e.Kind == "hashedrekord" && e.APIVersion == "0.0.1":
		canon, err = hashedRekord(e.Spec)
	case e.Kind == "dsse" && e.APIVersion == "0.0.1":
		canon, err = dsseEntry(e.Spec)
	default:
		err = fmt.Errorf("unsupported entry kind %q version %q: this log takes hashedrekord and dsse 0.0.1", e.Kind, e.APIVersion)
	}
	if err != nil {
		fail(w, 400, err.Error())
		return
	}
	leaf := leafHash(canon)
	uuid := hex.EncodeToString(leaf)
	s.mu.Lock()
	if _, dup := s.uuids[uuid]; dup {
		s.mu.Unlock()
		w.Header().Set("Location", "/api/v1/log/entries/"+uuid)
		fail(w, 409, "An equivalent entry already exists in the transparency log with UUID "+uuid)
		return
	}
	if s.uuids == nil {
		s.uuids = map[string]bool{}
	}
	s.uuids[uuid] = true
	idx := len(s.leaves)
	s.leaves = append(s.leaves, leaf)
	leaves := append([][]byte(nil), s.leaves...)
	s.mu.Unlock()
	keyDER, _ := x509.MarshalPKIXPublicKey(&s.rekorKey.PublicKey)
	logID := sha256.Sum256(keyDER)
	payload := SETPayload{Body: base64.StdEncoding.EncodeToString(canon), IntegratedTime: time.Now().Unix(), LogIndex: int64(idx), LogID: hex.EncodeToString(logID[:])}
	setJSON, _ := json.Marshal(payload)
	sum := sha256.Sum256(setJSON)
	set, _ := ecdsa.SignASN1(rand.Reader, s.rekorKey, sum[:])
	root := treeHash(leaves)
	var hashes []string
	for _, h := range inclusionPath(idx, leaves) {
		hashes = append(hashes, hex.EncodeToString(h))
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("ETag", uuid)
	w.Header().Set("Location", "/api/v1/log/entries/"+uuid)
	w.WriteHeader(201)
	json.NewEncoder(w).Encode(map[string]any{uuid: map[string]any{"body": payload.Body, "integratedTime": payload.IntegratedTime,
		"logID": payload.LogID, "logIndex": payload.LogIndex, "verification": map[string]any{
			"signedEntryTimestamp": base64.StdEncoding.EncodeToString(set),
			"inclusionProof": map[string]any{"logIndex": idx, "treeSize": len(leaves), "rootHash": hex.EncodeToString(root),
				"hashes": hashes, "checkpoint": s.checkpoint(len(leaves), root)},
		}}})
}

// TreeID is the fake log's tree, named in its checkpoints as Rekor names its shards.
const TreeID = 1193050959916656506

// checkpoint is a signed tree head in the signed-note format Rekor v1 uses: origin
// "<host> - <tree ID>", size, root hash, then the log's signature line whose first four bytes
// are the SHA-256 of the log key's DER.
func (s *Sigstore) checkpoint(size int, root []byte) string {
	note := fmt.Sprintf("%s - %d\n%d\n%s\n", s.RekorHost(), TreeID, size, base64.StdEncoding.EncodeToString(root))
	sum := sha256.Sum256([]byte(note))
	sig, _ := ecdsa.SignASN1(rand.Reader, s.rekorKey, sum[:])
	keyDER, _ := x509.MarshalPKIXPublicKey(&s.rekorKey.PublicKey)
	kh := sha256.Sum256(keyDER)
	return note + "\n\u2014 " + s.RekorHost() + " " + base64.StdEncoding.EncodeToString(append(kh[:4:4], sig...)) + "\n"
}

// RekorHost is the log's host name, as its checkpoints name it.
func (s *Sigstore) RekorHost() string {
	u := strings.TrimPrefix(s.Rekor.URL, "http://")
	if i := strings.LastIndex(u, ":"); i >= 0 {
		u = u[:i]
	}
	return u
}

// RFC 6962 Merkle tree hashing, as Rekor's Trillian tree.
func leafHash(b []byte) []byte {
	h := sha256.Sum256(append([]byte{0}, b...))
	return h[:]
}

func nodeHash(l, r []byte) []byte {
	h := sha256.Sum256(append(append([]byte{1}, l...), r...))
	return h[:]
}

func split(n int) int {
	k := 1
	for k*2 < n {
		k *= 2
	}
	return k
}

func treeHash(leaves [][]byte) []byte {
	if len(leaves) == 1 {
		return leaves[0]
	}
	k := split(len(leaves))
	return nodeHash(treeHash(leaves[:k]), treeHash(leaves[k:]))
}

func inclusionPath(m int, leaves [][]byte) [][]byte {
	if len(leaves) <= 1 {
		return nil
	}
	k := split(len(leaves))
	if m < k {
		return append(inclusionPath(m, leaves[:k]), treeHash(leaves[k:]))
	}
	return append(inclusionPath(m-k, leaves[k:]), treeHash(leaves[:k]))
}

// hashedRekord checks a hashedrekord spec (the signature verifies with the certificate over
// the digest) and returns the canonical entry.
func hashedRekord(spec json.RawMessage) ([]byte, error) {
	var e struct {
		Data struct {
			Hash struct{ Algorithm, Value string } `json:"hash"`
		} `json:"data"`
		Signature struct {
			Content   string `json:"content"`
			PublicKey struct {
				Content string `json:"content"`
			} `json:"publicKey"`
		} `json:"signature"`
	}
	if err := json.Unmarshal(spec, &e); err != nil {
		return nil, fmt.Errorf("invalid hashedrekord spec")
	}
	pemBytes, _ := base64.StdEncoding.DecodeString(e.Signature.PublicKey.Content)
	pub, err := verifierKey(pemBytes)
	if err != nil {
		return nil, err
	}
	sig, _ := base64.StdEncoding.DecodeString(e.Signature.Content)
	digest, _ := hex.DecodeString(e.Data.Hash.Value)
	if e.Data.Hash.Algorithm != "sha256" || len(digest) != 32 || !ecdsa.VerifyASN1(pub, digest, sig) {
		return nil, fmt.Errorf("signature does not verify")
	}
	return json.Marshal(map[string]any{"apiVersion": "0.0.1", "kind": "hashedrekord", "spec": map[string]any{
		"data":      map[string]any{"hash": map[string]any{"algorithm": "sha256", "value": e.Data.Hash.Value}},
		"signature": map[string]any{"content": e.Signature.Content, "publicKey": map[string]any{"content": e.Signature.PublicKey.Content}}}})
}

// dsseEntry checks a proposed dsse entry (every envelope signature verifies with one of the
// verifiers over DSSE's pre-authentication encoding) and returns the canonical entry Rekor
// stores: the envelope and payload hashes and the signatures with their verifiers.
func dsseEntry(spec json.RawMessage) ([]byte, error) {
	var e struct {
		ProposedContent *struct {
			Envelope  string   `json:"envelope"`
			Verifiers []string `json:"verifiers"`
		} `json:"proposedContent"`
	}
	if err := json.Unmarshal(spec, &e); err != nil || e.ProposedContent == nil {
		return nil, fmt.Errorf("either proposedContent or envelopeHash, payloadHash, and signatures must be present")
	}
	var env struct {
		Payload     string `json:"payload"`
		PayloadType string `json:"payloadType"`
		Signatures  []struct {
			Sig string `json:"sig"`
		} `json:"signatures"`
	}
	if err := json.Unmarshal([]byte(e.ProposedContent.Envelope), &env); err != nil {
		return nil, fmt.Errorf("invalid envelope: %v", err)
	}
	if len(env.Signatures) == 0 {
		return nil, fmt.Errorf("DSSE envelope must contain 1 or more signatures")
	}
	payload, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		return nil, fmt.Errorf("invalid envelope payload")
	}
	pae := []byte(fmt.Sprintf("DSSEv1 %d %s %d ", len(env.PayloadType), env.PayloadType, len(payload)))
	paeSum := sha256.Sum256(append(pae, payload...))
	var sigs []map[string]any
	for _, sg := range env.Signatures {
		raw, _ := base64.StdEncoding.DecodeString(sg.Sig)
		found := ""
		for _, v := range e.ProposedContent.Verifiers {
			pemBytes, _ := base64.StdEncoding.DecodeString(v)
			if pub, err := verifierKey(pemBytes); err == nil && ecdsa.VerifyASN1(pub, paeSum[:], raw) {
				found = v
				break
			}
		}
		if found == "" {
			return nil, fmt.Errorf("could not verify envelope signature with any verifier")
		}
		sigs = append(sigs, map[string]any{"signature": sg.Sig, "verifier": found})
	}
	ps := sha256.Sum256(payload)
	es := sha256.Sum256([]byte(e.ProposedContent.Envelope))
	return json.Marshal(map[string]any{"apiVersion": "0.0.1", "kind": "dsse", "spec": map[string]any{
		"envelopeHash": map[string]any{"algorithm": "sha256", "value": hex.EncodeToString(es[:])},
		"payloadHash":  map[string]any{"algorithm": "sha256", "value": hex.EncodeToString(ps[:])},
		"signatures":   sigs}})
}

// verifierKey reads a PEM certificate or public key (ECDSA), as Rekor's x509 verifiers.
func verifierKey(pemBytes []byte) (*ecdsa.PublicKey, error) {
	blk, _ := pem.Decode(pemBytes)
	if blk == nil {
		return nil, fmt.Errorf("invalid public key: not PEM")
	}
	var pk any
	var err error
	if blk.Type == "CERTIFICATE" {
		var c *x509.Certificate
		if c, err = x509.ParseCertificate(blk.Bytes); err == nil {
			pk = c.PublicKey
		}
	} else {
		pk, err = x509.ParsePKIXPublicKey(blk.Bytes)
	}
	ec, ok := pk.(*ecdsa.PublicKey)
	if err != nil || !ok {
		return nil, fmt.Errorf("unsupported public key")
	}
	return ec, nil
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

// TrustedRootJSON is the stand-ins' trust in Sigstore's trusted_root.json format (what
// `cosign trusted-root create` writes and `--trusted-root` reads): Fulcio's root certificate and
// Rekor's public key with its log ID, and the CT log's that signs the certificates' SCTs, valid
// from an hour ago; no timestamp authority.
func (s *Sigstore) TrustedRootJSON() []byte {
	keyDER, _ := x509.MarshalPKIXPublicKey(&s.rekorKey.PublicKey)
	logID := sha256.Sum256(keyDER)
	ctDER, _ := x509.MarshalPKIXPublicKey(&s.ctKey.PublicKey)
	ctID := sha256.Sum256(ctDER)
	start := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	b, _ := json.MarshalIndent(map[string]any{
		"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
		"tlogs": []any{map[string]any{"baseUrl": s.Rekor.URL, "hashAlgorithm": "SHA2_256",
			"publicKey": map[string]any{"rawBytes": keyDER, "keyDetails": "PKIX_ECDSA_P256_SHA_256", "validFor": map[string]any{"start": start}},
			"logId":     map[string]any{"keyId": logID[:]}}},
		"certificateAuthorities": []any{map[string]any{"subject": map[string]any{"organization": "sigstore.dev (test)", "commonName": "sigstore"},
			"uri": s.Fulcio.URL, "certChain": map[string]any{"certificates": []any{map[string]any{"rawBytes": s.CA.Raw}}},
			"validFor": map[string]any{"start": start}}},
		"ctlogs": []any{map[string]any{"baseUrl": s.Fulcio.URL + "/ct", "hashAlgorithm": "SHA2_256",
			"publicKey": map[string]any{"rawBytes": ctDER, "keyDetails": "PKIX_ECDSA_P256_SHA_256", "validFor": map[string]any{"start": start}},
			"logId":     map[string]any{"keyId": ctID[:]}}},
		"timestampAuthorities": []any{},
	}, "", "  ")
	return b
}

// EmptyTrustedRootJSON is a trusted root with no authority in it: what cosign's bundle
// verification is given when a key is all there is to trust (it insists on a trusted root).
const EmptyTrustedRootJSON = `{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":[],"certificateAuthorities":[],"ctlogs":[],"timestampAuthorities":[]}`
