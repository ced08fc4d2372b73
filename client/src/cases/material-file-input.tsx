import { forwardRef } from 'react';
import { MATERIAL_FILE_ACCEPT } from '../api/materials';

/**
 * The hidden chooser for material files, opened by its ref's click(): the files chosen go to
 * `onFiles`, and the input is emptied so the same file can be chosen again.
 */
export const MaterialFileInput = forwardRef<HTMLInputElement, { onFiles(files: File[]): void }>(function MaterialFileInput(
  { onFiles },
  ref,
) {
  return (
    <input
      ref={ref}
      type="file"
      multiple
      accept={MATERIAL_FILE_ACCEPT}
      style={{ display: 'none' }}
      onChange={(e) => {
        const files = [...(e.target.files ?? [])];
        e.target.value = '';
        onFiles(files);
      }}
    />
  );
});
