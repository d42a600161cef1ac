"""Django's cache backends, each with a change where it spends more than it needs.

Redis (`RedisCache`): Django's `RedisCacheClient.get_client` wraps the connection pool in a new
`redis.Redis` on every cache call; building one sets up the client's response callbacks, about
0.2 ms of CPU, as much as the rest of what a signed-in reader of a kept toolkit page costs. A
`redis.Redis` holds nothing but its pool and is safe to share between threads, so one per pool
serves every call.

The database (`DatabaseCache`): larger values compressed, and each store one statement, the
table counted only when PostgreSQL's statistics put it past MAX_ENTRIES (below).
"""

import base64
import pickle
import zlib
from contextlib import nullcontext
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends import db, redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now


class _ClientPerPool(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    """`django.core.cache.backends.redis.RedisCache`, its clients kept (see above)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool


class Compressed:
    """A value as the database cache stores it: pickled, then compressed with zlib."""

    __slots__ = ("data",)

    def __init__(self, data):
        self.data = data

    def __reduce__(self):
        return (Compressed, (self.data,))


class DatabaseCache(db.DatabaseCache):
    """`django.core.cache.backends.db.DatabaseCache`, cheaper to write to.

    - **Larger values compressed.** Django stores each value pickled and in base64, and
      PostgreSQL compresses it with pglz: storing the 140 KB of a large dialogue's grid took
      4.7 ms and reading it 1.2 ms, about twice what the same markup takes compressed with zlib
      first (which makes workspace pages 7 to 12 times smaller). Values that pickle to less than
      COMPRESS_FROM bytes (counters, versions) are stored as Django stores them.
    - **One statement per store.** Django counts the table before every store, to cull it past
      MAX_ENTRIES, then stores in a transaction of its own (BEGIN, SELECT, INSERT or UPDATE,
      COMMIT). The count reads the whole table: 0.3 ms for 1,000 entries, 1–3 ms for a few
      thousand with dead rows not yet vacuumed, more than the store. Here, on PostgreSQL, a
      store is one `INSERT … ON CONFLICT DO UPDATE` that also returns the table's live rows as
      PostgreSQL's statistics count them (`track_counts`, on by default), without reading the
      table. Only past MAX_ENTRIES is the table counted, and culled as Django culls it. Those
      statistics take up to a few seconds to include the latest stores, so the table may pass
      MAX_ENTRIES by what was stored meanwhile before it is culled.

    Reading, `add()`, `touch()`, deleting and culling are Django's.
    """

    COMPRESS_FROM = 1024
    LEVEL = 1  # zlib's fastest: most of the gain, a fraction of the time of higher levels

    def _pack(self, value):
        pickled = pickle.dumps(value, self.pickle_protocol)
        if len(pickled) < self.COMPRESS_FROM:
            return value
        return Compressed(zlib.compress(pickled, self.LEVEL))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        super().set(key, self._pack(value), timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, self._pack(value), timeout, version)

    def get_many(self, keys, version=None):
        return {
            # What this backend stored in the cache's own table, as Django's backend trusts it.
            key: pickle.loads(zlib.decompress(value.data))  # noqa: S301
            if isinstance(value, Compressed)
            else value
            for key, value in super().get_many(keys, version).items()
        }

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        db_alias = router.db_for_write(self.cache_model_class)
        connection = connections[db_alias]
        if mode != "set" or connection.vendor != "postgresql":
            return super()._base_set(mode, key, value, timeout)
        timeout = self.get_backend_timeout(timeout)
        # The expiry and the stored text as Django's backend makes them (refs Django #19274:
        # the column holds text).
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = expires.replace(microsecond=0)
        stored = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        table = connection.ops.quote_name(self._table)
        try:
            # A savepoint only inside a transaction: alone, the statement is its own.
            with (
                transaction.atomic(using=db_alias) if connection.in_atomic_block else nullcontext(),
                connection.cursor() as cursor,
            ):
                cursor.execute(
                    f"WITH stored AS (INSERT INTO {table} (cache_key, value, expires) "  # noqa: S608 (the table's name, not input)
                    "VALUES (%s, %s, %s) ON CONFLICT (cache_key) DO UPDATE "
                    "SET value = EXCLUDED.value, expires = EXCLUDED.expires) "
                    "SELECT pg_stat_get_live_tuples(%s::regclass)",
                    [key, stored, connection.ops.adapt_datetimefield_value(expires), table],
                )
                if cursor.fetchone()[0] > self._max_entries:
                    # The statistics may lag behind a cull just made: count before culling.
                    cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (as above)
                    entries = cursor.fetchone()[0]
                    if entries > self._max_entries:
                        self._cull(db_alias, cursor, tz_now().replace(microsecond=0), entries)
        except DatabaseError:
            return False
        return True
