"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

Django's `RedisCacheClient.get_client` wraps the connection pool in a new `redis.Redis` on
every cache call; building one sets up the client's response callbacks, about 0.2 ms of CPU,
as much as the rest of what a signed-in reader of a kept toolkit page costs. A `redis.Redis`
holds nothing but its pool and is safe to share between threads, so one per pool serves every
call. Everything else is Django's backend.
"""

from django.core.cache.backends import redis


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
