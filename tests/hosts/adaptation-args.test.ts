// The argument rules for site calibration and adaptation (validate-args.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkArgs } from '../../src-main/hosts/validate-args';

test('startCalibration: a folder, optional model, target sensitivity and name; nothing else', () => {
  assert.equal(checkArgs('startCalibration', [{ data: '/site' }]), null);
  assert.equal(checkArgs('startCalibration', [{ data: '/site', model: 'default', sensitivity: 0.9, name: 'Site A' }]), null);
  assert.match(checkArgs('startCalibration', [{ data: '' }]) ?? '', /data must not be empty/);
  assert.match(checkArgs('startCalibration', [{ data: '/site', sensitivity: '0.9' }]) ?? '', /sensitivity must be a number/);
  assert.match(checkArgs('startCalibration', [{ data: '/site', epochs: 3 }]) ?? '', /spec.epochs is not a known field/);
  assert.match(checkArgs('startCalibration', ['/site']) ?? '', /spec must be an object/);
});

test('startAdaptation: epochs 1-100, views 1-16, trainBlocks layer4.1 or layer4', () => {
  assert.equal(checkArgs('startAdaptation', [{ data: '/site', epochs: 5, views: 4, trainBlocks: 'layer4', seed: 3 }]), null);
  assert.match(checkArgs('startAdaptation', [{ data: '/site', epochs: 0 }]) ?? '', /epochs must be a whole number from 1 to 100/);
  assert.match(checkArgs('startAdaptation', [{ data: '/site', views: 2.5 }]) ?? '', /views must be a whole number from 1 to 16/);
  assert.match(checkArgs('startAdaptation', [{ data: '/site', trainBlocks: 'layer3' }]) ?? '', /trainBlocks must be one of layer4.1, layer4/);
  assert.match(checkArgs('startAdaptation', [{ data: '/site', lr: 1 }]) ?? '', /spec.lr is not a known field/);
});
