// A small stand-in for jQuery UI tabs, enough for django-modeltranslation's tabbed fields.
// modeltranslation would load jQuery UI from a CDN, which the site's Content-Security-Policy
// blocks; this file keeps the language tabs working with scripts from our own origin only.
(function ($) {
  "use strict";
  if (!$ || $.fn.tabs) {
    return;
  }

  function activate($container, index) {
    var $items = $container.children("ul").first().children("li");
    var $panels = $container.children("div");
    if (!(index >= 0 && index < $items.length)) {
      index = 0;
    }
    var previous = $container.data("contentTabsActive");
    $items.each(function (position) {
      var active = position === index;
      $(this).toggleClass("ui-tabs-active ui-state-active", active);
      $(this).children("a").attr({
        "aria-selected": active ? "true" : "false",
        tabindex: active ? "0" : "-1"
      });
    });
    $panels.each(function (position) {
      $(this).toggleClass("ui-tabs-hide", position !== index).prop("hidden", position !== index);
    });
    $container.data("contentTabsActive", index);
    if (previous !== undefined && previous !== index) {
      $container.trigger("tabsactivate", [{ newTab: $items.eq(index), oldTab: $items.eq(previous) }]);
    }
  }

  $.fn.tabs = function (options, name, value) {
    if (options === "option") {
      if (name === "active" && value !== undefined) {
        return this.each(function () {
          activate($(this), value);
        });
      }
      return this.first().data("contentTabsActive");
    }
    var active = (options && options.active) || 0;
    return this.each(function () {
      var $container = $(this).addClass("ui-tabs ui-widget");
      var $list = $container.children("ul").first().addClass("ui-tabs-nav").attr("role", "tablist");
      $list.children("li").addClass("ui-state-default").attr("role", "presentation");
      $list.children("li").children("a").attr("role", "tab").on("click", function (event) {
        event.preventDefault();
        activate($container, $(this).parent().index());
      }).on("keydown", function (event) {
        var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) {
          return;
        }
        if (document.documentElement.dir === "rtl") {
          step = -step;
        }
        var count = $list.children("li").length;
        var next = ($(this).parent().index() + step + count) % count;
        activate($container, next);
        $list.children("li").eq(next).children("a").trigger("focus");
        event.preventDefault();
      });
      $container.children("div").addClass("ui-tabs-panel").attr("role", "tabpanel");
      activate($container, active);
    });
  };
})(window.django && window.django.jQuery);
