"""The performance benchmark (`make bench`): not part of the product nor of `make test`."""
