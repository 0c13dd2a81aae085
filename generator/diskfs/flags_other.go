//go:build !unix

package diskfs

import "os"

const openFlags = os.O_RDONLY
