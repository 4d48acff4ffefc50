package federation_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// readTestdata returns a file from testdata/.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
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
