// The camera scan page (apps/floor/templates/floor/camera.html): reads a QR code or a
// Code 128 barcode from the camera and sends it to the scan endpoint through the page's
// scan form, as a keyboard-wedge scanner would. BarcodeDetector where the browser has
// it, else the vendored @zxing/library (plain JavaScript, loaded only when needed).
(function () {
  "use strict";
  var FORMATS = ["qr_code", "code_128"];

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.ZXing) return resolve();
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("The decoder did not load.")); };
      document.head.appendChild(script);
    });
  }

  function nativeDetector() {
    if (!("BarcodeDetector" in window)) return Promise.resolve(null);
    return window.BarcodeDetector.getSupportedFormats().then(function (supported) {
      var formats = FORMATS.filter(function (f) { return supported.indexOf(f) >= 0; });
      if (formats.indexOf("qr_code") < 0) return null;
      var detector = new window.BarcodeDetector({ formats: formats });
      return function (video) {
        return detector.detect(video).then(function (found) {
          return found.length ? found[0].rawValue : null;
        });
      };
    }).catch(function () { return null; });
  }

  function zxingDetector(src) {
    return loadScript(src).then(function () {
      var Z = window.ZXing;
      var hints = new Map();
      hints.set(Z.DecodeHintType.POSSIBLE_FORMATS, [Z.BarcodeFormat.QR_CODE, Z.BarcodeFormat.CODE_128]);
      hints.set(Z.DecodeHintType.TRY_HARDER, true);
      var reader = new Z.MultiFormatReader();
      reader.setHints(hints);
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function (video) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        try {
          var source = new Z.HTMLCanvasElementLuminanceSource(canvas);
          var result = reader.decode(new Z.BinaryBitmap(new Z.HybridBinarizer(source)));
          return Promise.resolve(result.getText());
        } catch (error) {
          return Promise.resolve(null); // nothing in this frame
        } finally {
          reader.reset();
        }
      };
    });
  }

  function setup() {
    var root = document.querySelector("[data-camera-scanner]");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var video = root.querySelector("video");
    var status = root.querySelector("[data-camera-status]");
    var button = root.querySelector("[data-camera-start]");
    var form = document.querySelector("[data-floor-scan]");
    var stream = null;
    var running = false;

    function say(text) { status.textContent = text; }

    function stop() {
      running = false;
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }

    function found(code) {
      stop();
      say("Found " + code + ". Opening…");
      var input = form.querySelector("input[name=code]");
      input.value = code;
      form.requestSubmit();
    }

    function start() {
      if (running) return;
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say("This browser cannot use the camera here; use a scanner or type the code.");
        return;
      }
      running = true;
      say("Starting the camera…");
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          return video.play();
        })
        .then(function () {
          return nativeDetector().then(function (detect) {
            // Which decoder reads the frames (shown to tests and support as data-decoder-used).
            root.setAttribute("data-decoder-used", detect ? "BarcodeDetector" : "zxing");
            return detect || zxingDetector(root.dataset.decoder);
          });
        })
        .then(function (detect) {
          say("Looking for a code…");
          function tick() {
            if (!running) return;
            if (video.readyState < 2) { setTimeout(tick, 150); return; }
            detect(video).then(function (code) {
              if (code) found(code); else setTimeout(tick, 150);
            }, function () { setTimeout(tick, 300); });
          }
          tick();
        })
        .catch(function (error) {
          stop();
          say("No camera: " + (error && error.message ? error.message : error) + ". Use a scanner or type the code.");
        });
    }

    button.addEventListener("click", start);
    window.addEventListener("pagehide", stop);
    start();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
