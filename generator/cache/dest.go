package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
)

// DestDir returns the folder, under base or else the user's cache folder,
// that keeps the record of what was published to the destination dest
// (an absolute path, links resolved): one folder per destination,
// whatever site was built into it. Nothing of the record is kept in the
// destination itself.
func DestDir(base, dest string) string {
	h := sha256.Sum256([]byte(filepath.Clean(dest)))
	return filepath.Join(baseDir(base), "destinations", filepath.Base(dest)+"-"+hex.EncodeToString(h[:8]))
}
