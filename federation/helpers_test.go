package federation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-fed/activity/streams"
	"github.com/go-fed/activity/streams/vocab"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// requireGolden compares got, indented, with testdata/name; with -update it
// rewrites the file first.
func requireGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Indent(&buf, got, "", "  "))
	buf.WriteByte('\n')
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test -update")
	require.Equal(t, string(want), buf.String())
}

// readTestdata returns a file from testdata/.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// goFedType resolves a document with go-fed, as a receiver using go-fed
// would: proof that the document is ActivityStreams go-fed understands.
func goFedType(t *testing.T, doc []byte) vocab.Type {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	typ, err := streams.ToType(context.Background(), m)
	require.NoError(t, err)
	return typ
}

// testKeyPEM is a public key made for these tests.
const testKeyPEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnwbwrKhXYt5zdTVZ08xW
t5hi+kfjeaT+VShf4VOhvSlc3CuHMG1FvjUBm40Dq6hkxFJKKmIqagvQtsYVtmFz
GqYq+JrpVlkjmhcx88p1eEZbdJKxCYv//KvkyT8iubraNxoyVe4nPOl4znzy0JaE
ck+2VYv6zQG6v6UR54iDlAY3XnVPtuiPMlOVOS0BtZxN1xD8N9lBG+Ysm+79O1y0
O/e9qUSJpwxBSgLVv8polossx4KbALRVWP/wv4cft6wY9expnP/gS1PQE0Hngk5M
XNhhwOj/AnfHMjym9/hlTdbbKu6OzqvHqaFjSSdbiMiICd/58wo/WCpz1FBZ6OpD
pQIDAQAB
-----END PUBLIC KEY-----
`
