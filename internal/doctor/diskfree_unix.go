//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package doctor

import "golang.org/x/sys/unix"

// freeBytes is the space left in dir for an unprivileged writer. The
// fields' types differ between systems: the conversions make one
// expression serve them all.
func freeBytes(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}
